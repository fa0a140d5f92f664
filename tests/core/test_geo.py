"""The maps' boundaries: the shipped file and the files the server serves are a fresh build."""

from __future__ import annotations

import json

from ssw_build import geo as built
from ssw_core import geo


def test_the_shipped_and_served_boundaries_are_a_fresh_build():
    assert built.main(["--check"]) == 0


def test_the_served_files_split_the_shipped_boundaries():
    shipped = geo.load()["features"]
    served = []
    for region in geo.FRAMES:
        for part in ("ours", "context"):
            text = (geo.SERVED_DIR / geo.served_name(region, part)).read_text(encoding="utf-8")
            features = json.loads(text)["features"]
            assert features, (region, part)
            assert all(f["properties"]["region"] == region for f in features)
            assert all((f["properties"]["iso3"] is not None) == (part == "ours") for f in features)
            served += features
    key = lambda f: json.dumps(f, sort_keys=True)  # noqa: E731
    assert sorted(map(key, served)) == sorted(map(key, shipped))
