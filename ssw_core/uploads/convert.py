"""Validated figures turned into the observations and sources the rest of `ssw_core` reads
(origin 'uploaded'), and the merge of an upload into the version it replaces."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import polars as pl

from ssw_core.schema import OBSERVATIONS, SOURCES
from ssw_core.uploads.vocabulary import BREAKDOWNS, BY_ID


def label_en(r: Mapping[str, Any]) -> str:
    """'Staff in post (head count), category 1, women, rural' from a figure row."""
    parts = [BY_ID[r["measure"]].label_en]
    if r.get("category") is not None:
        parts.append(f"category {r['category']}")
    parts += [str(r[b]) for b in BREAKDOWNS if r.get(b)]
    return ", ".join(parts)


def source_id(r: Mapping[str, Any]) -> str:
    """A stable id for a declared source: the same title, publisher and year, the same id."""
    key = "|".join(str(r.get(k) or "") for k in ("source_title", "source_publisher", "source_year"))
    return "u_" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10]


def to_tables(figures: pl.DataFrame, pillar_of: Mapping[str, int]) -> tuple[pl.DataFrame, ...]:
    """Observations and sources (their schemas) from validated figures."""
    obs: list[dict[str, Any]] = []
    sources: dict[str, dict[str, Any]] = {}
    ordered = figures.sort(
        ["country", "measure", "category", "sex", "area", "client_group", "year"], nulls_last=False
    )
    for i, r in enumerate(ordered.iter_rows(named=True), start=1):
        m = BY_ID[r["measure"]]
        total = all(r[b] is None for b in BREAKDOWNS)
        sid = source_id(r)
        entry = sources.setdefault(
            sid,
            {
                "source_id": sid,
                "title": r["source_title"],
                "publisher": r["source_publisher"],
                "pub_year": r["source_year"],
                "source_type": "user_declared",
                "licence": None,
                "tier": "declared",
                "locator": r["locator"] or "",
                "n_figures": 0,
                "origin": "uploaded",
            },
        )
        entry["n_figures"] += 1
        obs.append(
            {
                "obs_id": f"u{i:05d}",
                "source_file": None,
                "source_row": r["row"],
                "geo": r["country"],
                "measure": m.id,
                "link": "indicator" if m.indicator_id else "context",
                "indicator_id": m.indicator_id,
                "category": r["category"],
                "coverage": None
                if m.indicator_id is None
                else "reported"
                if r["reliability"] == "standard"
                else "partial",
                "std_measure": m.role if total else None,
                "topic": m.topic,
                "pillar": pillar_of[m.indicator_id] if m.indicator_id else m.pillar,
                "scope": None,
                "label_en": label_en(r),
                "source_label": None,
                "comparability_en": None,
                "reliability": r["reliability"],
                "value": r["value"],
                "value_low": None,
                "value_high": None,
                "value_text": r["value_text"],
                "unit": r["unit"],
                "qualifier": None,
                "year": r["year"],
                "period": None,
                "source_id": sid,
                "locator": r["locator"] or "",
                "notes": r["notes"],
                "sex": r["sex"],
                "area": r["area"],
                "client_group": r["client_group"],
                "serves": None,
                "origin": "uploaded",
            }
        )
    return (
        pl.DataFrame(obs, schema=OBSERVATIONS.polars_schema(), orient="row"),
        pl.DataFrame(list(sources.values()), schema=SOURCES.polars_schema(), orient="row"),
    )


def merge(previous: pl.DataFrame | None, upload: pl.DataFrame) -> pl.DataFrame:
    """The next version's figures: the upload replaces every earlier uploaded figure of the
    countries it names; other countries keep theirs."""
    if previous is None or previous.is_empty():
        return upload
    named = upload["country"].unique().to_list()
    kept = previous.filter(~pl.col("country").is_in(named))
    return pl.concat([kept, upload])
