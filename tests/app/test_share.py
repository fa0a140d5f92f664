"""The Share popover (issue 23) through AppTest. AppTest shows what app.py draws on a first run
only, so these open the Overview as a link would, with the popover already open (its content
is drawn only then); the QR code is decoded in a browser (tests/browser/test_share_browser.py),
and the slide's QR dialog opens on a click, in a browser too."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ssw_core import serving
from tests.app.conftest import APP, all_text
from ui.base import i18n
from ui.parts import share

ROOM = "http://192.168.1.20:8501"


def _open(*, context: dict[str, str] | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.session_state[share.OPEN.name] = True  # as a tap on Share leaves it
    at.context = context or {}
    with i18n.language(params.get("lang", i18n.DEFAULT_LANG)):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _popover(at: AppTest, lang: str):  # type: ignore[no-untyped-def]
    label = i18n.catalogue(lang)["share.label"]
    (box,) = [p for p in at.get("popover") if p.proto.popover.label == label]
    return box


def test_the_link_is_the_rooms_with_the_views_parameters_and_not_the_presenters(monkeypatch):
    monkeypatch.setenv(serving.PUBLIC_URL_ENV, ROOM)
    # present=0 and a slide without a deck are still in the address when the popover is
    # drawn (the run takes them out at its end): they must not reach the link.
    at = _open(country="MDA", region="eca", lang="ru", present="0", slide="3")
    box = _popover(at, "ru")
    codes = [c.value for c in at.code]
    assert codes == [f"{ROOM}/overview?country=MDA&lang=ru&region=eca"]
    images = [e for e in box.children[0].children.values() if e.type == "image"]
    assert len(images) == 1
    (url,) = images[0].value
    assert url.endswith(".png")
    assert images[0].proto.imgs[0].alt == "QR-код ссылки на этот вид"
    assert "может работать только на этом компьютере" not in all_text(at)


def test_without_a_room_address_the_browsers_is_used_and_said_to_be_local(monkeypatch):
    monkeypatch.delenv(serving.PUBLIC_URL_ENV, raising=False)
    monkeypatch.setattr(serving, "lan_address", lambda: None)  # this computer is on no network
    at = _open(context={"url": "http://127.0.0.1:8901/overview"}, country="KHM", region="asean")
    assert [c.value for c in at.code] == ["http://127.0.0.1:8901/overview?country=KHM&region=asean"]
    captions = [c.value for c in at.caption]
    assert "This address may work on this computer only." in captions
    assert i18n.catalogue("en")["present.participants_none.no_network"] in captions


def test_a_closed_popover_draws_nothing_inside(monkeypatch):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["country"] = "MDA"
    at.run()
    assert [p.proto.popover.label for p in at.get("popover")].count("Share") == 1
    assert not at.code
    assert not [e for e in at.get("image")]


def test_no_share_while_presenting():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    assert "Share" not in [p.proto.popover.label for p in at.get("popover")]
