"""A view's link for someone else (ssw_core.share): links worked out by hand, and the QR code
read back by a decoder that knows nothing of how it was made (zxing-cpp)."""

from __future__ import annotations

import io
from urllib.parse import parse_qsl, urlsplit

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from ssw_core.share import MAX_QR_TEXT, PRESENTER_PARAMS, qr_png, share_link, site_root

ROOM = "http://192.168.1.20:8501"


@pytest.mark.parametrize(
    ("base", "page", "params", "expected"),
    [
        (  # a slide's view: the presenter's three go, the room's language stays, names sorted
            ROOM,
            "scenario",
            {"present": "1", "deck": "atelier", "slide": "3", "preset": "ideal", "country": "MDA"}
            | {"lang": "ru"},
            "http://192.168.1.20:8501/scenario?country=MDA&lang=ru&preset=ideal",
        ),
        (  # a base behind a proxy, with a path and a trailing slash
            "https://ministry.example/ssw/",
            "country",
            {"country": "MDA"},
            "https://ministry.example/ssw/country?country=MDA",
        ),
        (  # the base's own query and fragment are not the view's
            "http://10.0.0.5:8501/?lang=ro#top",
            "overview",
            {"region": "asean"},
            "http://10.0.0.5:8501/overview?region=asean",
        ),
        ("http://[fe80::1]:8501", "overview", {}, "http://[fe80::1]:8501/overview"),
        ("http://h:8501", "", {"lang": "ro"}, "http://h:8501/?lang=ro"),  # the root
        ("http://h:8501", "", {}, "http://h:8501"),
        (  # only the presenter's parameters, and an empty value: a bare page link
            "http://h:8501",
            "plan",
            {"present": "1", "deck": "x", "slide": "1", "map": ""},
            "http://h:8501/plan",
        ),
        (  # reserved characters, a space and Cyrillic, encoded by hand (UTF-8, %20 not '+')
            "http://h:8501",
            "scenario",
            {"wisn": "visits,2; reports 1+1", "note": "Кишинёв&x=1"},
            "http://h:8501/scenario?note=%D0%9A%D0%B8%D1%88%D0%B8%D0%BD%D1%91%D0%B2%26x%3D1"
            "&wisn=visits%2C2%3B%20reports%201%2B1",
        ),
    ],
)
def test_share_link(base, page, params, expected):
    assert share_link(base, page, params) == expected


def test_the_presenters_parameters_are_the_slides_less_the_language():
    assert set(PRESENTER_PARAMS) == {"present", "deck", "slide", "follow"}


@pytest.mark.parametrize("base", ["192.168.1.20:8501", "ftp://h/x", "", "http://"])
def test_a_base_that_is_no_web_address_is_refused(base):
    with pytest.raises(ValueError):
        share_link(base, "overview", {})


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,9}", fullmatch=True), _TEXT))
def test_a_link_reads_back_as_the_views_parameters(params):
    link = share_link(ROOM, "scenario", params)
    back = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    # a value with a control character is no view's (ssw_core.deck.check_param): left out
    expected = {
        k: v
        for k, v in params.items()
        if k not in PRESENTER_PARAMS and v and not any(ord(c) < 32 for c in v)
    }
    assert back == expected
    assert " " not in link and "+" not in urlsplit(link).query


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("http://127.0.0.1:8901/scenario", "http://127.0.0.1:8901"),
        ("http://127.0.0.1:8901/scenario/?country=MDA#x", "http://127.0.0.1:8901"),
        ("http://127.0.0.1:8901", "http://127.0.0.1:8901"),
        ("http://127.0.0.1:8901/", "http://127.0.0.1:8901"),
        ("https://ministry.example/ssw/country", "https://ministry.example/ssw"),
        ("https://ministry.example/ssw", "https://ministry.example/ssw"),  # not a page: kept
    ],
)
def test_site_root(url, root):
    assert site_root(url, ("overview", "scenario", "country", "home")) == root


def _decode(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png))
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize(
    "link",
    [
        "http://192.168.1.20:8501/overview",
        "http://192.168.1.20:8501/scenario?country=MDA&lang=ru&preset=ideal",
        share_link(
            "http://[fe80::1]:8501",
            "scenario",
            {
                "country": "KHM",
                "places": "40",
                "wisn": "visits,2; reports 1+1; case conferences 4",
                "note": "Кишинёв",
            },
        ),
    ],
)
def test_the_qr_code_reads_back_as_the_link(link):
    png = qr_png(link)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.width == image.height >= 720
    assert _decode(png) == [link]


def test_a_small_qr_code_still_reads_back():
    link = "http://192.168.1.20:8501/country?country=MDA"
    png = qr_png(link, size=120)
    assert 120 <= Image.open(io.BytesIO(png)).width < 240  # whole pixels per module
    assert _decode(png) == [link]


def test_a_link_keeps_only_parameters_shaped_as_a_views():
    """Found by review: a crafted or foreign parameter (a name with capitals, a value of
    kilobytes) is not passed on to the link others open."""
    made = share_link(
        "http://10.0.0.5:8501", "country", {"country": "MDA", "X-Evil": "1", "w": "y" * 3000}
    )
    assert made == "http://10.0.0.5:8501/country?country=MDA"


def test_a_link_too_long_for_a_code_that_scans_is_refused_not_drawn():
    with pytest.raises(ValueError, match="at most"):
        qr_png("http://10.0.0.5:8501/?" + "a" * MAX_QR_TEXT)
