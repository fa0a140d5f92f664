"""Country boundaries for the maps, shipped in the repository so that maps draw offline: where
they are, the regions' frames, and reading them. They are made by the data build
(`python -m ssw_build.geo`, which says where from); nothing here builds them.

`data/geo/boundaries.geojson`: one GeoJSON feature per country of the dashboard (property
`iso3`) and, for context, the neighbouring countries inside each region's frame (`iso3` null).
The same features, split by region into the dashboard's countries and their neighbours, are in
`static/geo/`, which the app's own server serves to browsers (a map's page then sends the map's
few kilobytes, not its 100 KB of boundaries, on every change).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssw_core import paths
from ssw_core.schema import DataError

OUT = paths.DEFAULT_DATA_DIR / "geo" / "boundaries.geojson"
SERVED_DIR = paths.REPO_ROOT / "static" / "geo"
"""Served by Streamlit at `app/static/geo/` (server.enableStaticServing)."""
FRAMES: dict[str, tuple[float, float, float, float]] = {
    # region: (west, south, east, north) in degrees, a margin around its countries
    "eca": (12.0, 33.0, 90.0, 57.0),
    "asean": (88.0, -12.0, 142.0, 53.0),  # east: Papua, at 141°E
}


def served_name(region: str, part: str) -> str:
    """The file of one region's countries (`part` 'ours') or neighbours ('context')."""
    return f"{region}-{part}.json"


def load(path: Path = OUT) -> dict[str, Any]:
    """The shipped boundaries."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: unreadable boundaries ({exc})") from exc
    return data
