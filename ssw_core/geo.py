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


LABEL_POINTS: dict[str, tuple[float, float]] = {
    # iso3: (longitude, latitude) where a map writes the country's name and value: inside the
    # country, clear of its neighbours' labels (chosen by hand; the capital or the centre);
    # Singapore's just south of it, at sea.
    "ALB": (20.0, 41.0), "ARM": (44.8, 40.1), "AZE": (48.6, 39.7), "BLR": (28.0, 53.6),
    "BIH": (17.8, 44.2), "BGR": (25.3, 42.7), "HRV": (15.8, 45.6), "GEO": (43.2, 42.4),
    "GRC": (22.0, 39.4), "KAZ": (67.0, 48.3), "XKX": (20.9, 42.6), "KGZ": (74.5, 41.6),
    "MDA": (28.9, 47.7), "MNE": (19.2, 42.8), "MKD": (21.7, 41.5), "ROU": (23.8, 45.3),
    "SRB": (20.8, 44.1), "TJK": (71.0, 38.7), "TKM": (59.0, 39.2), "TUR": (34.5, 39.0),
    "UKR": (33.0, 49.7), "UZB": (63.8, 41.6), "BRN": (114.8, 4.6), "KHM": (105.3, 12.3),
    "IDN": (110.5, -7.4), "LAO": (102.8, 19.6), "MYS": (101.9, 4.6), "MNG": (103.0, 46.6),
    "MMR": (96.0, 21.2), "PHL": (122.4, 12.6), "SGP": (104.6, -0.6), "THA": (99.6, 16.6),
    "TLS": (125.8, -8.8), "VNM": (105.8, 21.0),
}  # fmt: skip


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
