"""Who may change what, through the pages: a participant (any browser that is not the serving
computer itself) sees why a control is not theirs, and a click sent anyway (as a crafted widget
message would) changes nothing; the facilitator's computer changes the data, and the record
says so. Roles are decided in ssw_core (tests/core/test_access.py); this checks the pages
pass the right actor and say why."""

from __future__ import annotations

import pytest

from ssw_core import deck as d
from ssw_core.access import LOCAL, Connection
from ssw_core.userstore import UserStore
from tests.app.conftest import all_text, open_app
from tests.core.test_userstore import MDA
from ui.parts import access

PAGES = ("overview", "country")


@pytest.fixture
def user(tmp_path, monkeypatch):
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    store = UserStore(tmp_path)
    store.commit(MDA, b"x", "mda.csv", actor=LOCAL)
    return store


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_a_participant_sees_why_and_the_core_refuses_a_click_anyway(user, monkeypatch):
    in_use = user.current_id()
    who = " ".join(c.value for c in open_app().sidebar.caption)
    assert "You: **participant \\(unknown address\\)**, viewer." in who
    at = open_app("pages/data.py")
    shipped = _button(at, "Use the shipped data only")
    assert shipped.disabled  # Streamlit also discards a forged click on a disabled button
    assert "Only an editor can switch the version of the data" in (shipped.help or "")
    # A click that reaches the page anyway: drawn for the facilitator, clicked once the
    # browser is a participant (a stale page, or a crafted message on the enabled edge).
    monkeypatch.setattr(access, "connection", lambda pol: Connection("127.0.0.1", "localhost"))
    at = open_app("pages/data.py")
    monkeypatch.setattr(access, "connection", lambda pol: Connection("192.0.2.7", "room:8501"))
    _button(at, "Use the shipped data only").click().run()
    assert user.current_id() == in_use  # refused (Streamlit drops it; ssw_core would refuse)
    assert [e["action"] for e in user.audit.read().entries] == ["upload"]


def test_the_facilitator_switches_and_the_record_says_who(user, facilitator):
    who = " ".join(c.value for c in open_app().sidebar.caption)
    assert "You: **facilitator \\(this computer\\)**, admin." in who
    at = open_app("pages/data.py")
    shipped = _button(at, "Use the shipped data only")
    assert not shipped.disabled
    shipped.click().run()
    assert user.current_id() is None
    entries = user.audit.read().entries
    assert [(e["action"], e["who"], e["role"]) for e in entries] == [
        ("upload", LOCAL.name, "admin"),
        ("switch", "facilitator (this computer)", "admin"),
    ]
    at = open_app("pages/data.py")
    text = all_text(at)
    assert "Record of changes" in text and "switched the data in use" in text
    assert "was: Version 1" in text and f"{MDA.height} figures for Moldova" in text
    assert "127.0.0.1" in text  # an admin sees the address
    assert "Access settings (admins)" in [e.label for e in at.expander]
    assert "a workshop room: this computer is the facilitator" in text


def test_a_participant_sees_no_addresses_and_no_settings(user):
    at = open_app("pages/data.py")
    assert "Access settings (admins)" not in [e.label for e in at.expander]
    assert "Address" not in all_text(at)


def test_a_participants_presentation_stays_in_their_session(tmp_path, monkeypatch):
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    shared = d.DeckStore(tmp_path / "presentations")
    shared.save(
        d.make_deck("Atelier", [d.Slide("country", {"country": "MDA"})], PAGES), actor=LOCAL
    )
    before = (tmp_path / "presentations" / "atelier.json").read_bytes()
    at = open_app("pages/present.py")
    assert "kept in this browser tab only" in all_text(at)
    _button(at, "New presentation").click().run()
    assert not at.exception
    assert shared.names() == ["atelier"]  # nothing new on the server
    assert (tmp_path / "presentations" / "atelier.json").read_bytes() == before
    assert [e["action"] for e in shared.audit.read().entries] == ["deck.save"]
    # the participant's own presentation is the one edited, and theirs to delete
    assert any(b.label == "Delete" for b in at.button) or "Delete" in all_text(at)


def test_a_wrong_access_setting_stops_the_app_with_what_is_wrong(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["access"] = {"mode": "open"}
    at.run()
    errors = " ".join(e.value for e in at.error)
    assert "mode = 'open': use one of room, signin, proxy" in errors
    assert ".streamlit/secrets.toml" in errors


def test_the_facilitator_lets_locked_out_devices_try_again(tmp_path, monkeypatch, facilitator):
    from streamlit.testing.v1 import AppTest

    from ssw_core import access as core
    from tests.app.conftest import APP

    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    stored = core.hash_passcode("atelier-chisinau-2026")
    tries = core.Attempts(tmp_path / "access" / "attempts.json")
    for _ in range(6):
        tries.try_passcode(stored, "guess", "192.0.2.7")
    assert tries.wait("192.0.2.7") > 0
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["access"] = {"passcode_hash": stored}
    at.run()
    at.switch_page("pages/data.py").run()
    assert "devices: 1; attempts: 5" in all_text(at)
    _button(at, "Let every device try the passcode again").click().run()
    assert tries.failures() == {} and tries.wait("192.0.2.7") == 0
    # the sidebar says so (AppTest keeps app.py's sidebar only on the first run of a page)
    assert "every device may try again" in str(at.session_state["_access_notice"])
