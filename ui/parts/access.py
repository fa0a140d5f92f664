"""Who is using this page, and what they may do: the policy from `[access]` in
.streamlit/secrets.toml, this browser's connection as the server sees it, and the `Actor`
that `ssw_core.access.decide` makes of them. The stores refuse a change by a role that may not
make it (ssw_core); pages use `current()` to pass the actor to them and `reason()` to say
why a control is not theirs, instead of failing.

The sidebar's block (`sidebar_block`) says who you are and what you may do, and offers what
changes it: the facilitator's passcode (room), signing in and out (signin).
"""

from __future__ import annotations

import hmac
import os
from typing import Any

import streamlit as st

from ssw_core import access, paths
from ssw_core.access import PROXY_TOKEN_ENV, VIA_HEADER, Actor, Connection, Policy
from ssw_core.roomstate import ROUTE_COOKIE, Device
from ssw_core.storage import NotSaved
from ui.base import session
from ui.base.i18n import t
from ui.base.markdown import md_escape

_UNLOCKED = session.Key[bool](
    "_access_unlocked",
    __name__,
    survives_slide=True,
    doc="the facilitator's passcode was given in this session (room mode)",
)
_PASSCODE = session.Key[str]("access_passcode", __name__, doc="the passcode field")
_NOTICE = session.Key[str]("_access_notice", __name__, doc="the outcome of a passcode, once")
_CLEAR = session.Key[bool](
    "access_clear_attempts", __name__, doc="the facilitator's button: let every device try again"
)


def policy() -> Policy:
    """The access settings; a wrong `[access]` section stops the page with what is wrong."""
    try:
        raw = _secrets_section("access")
        return Policy.from_mapping(raw, "[access] in .streamlit/secrets.toml")
    except access.ConfigError as exc:
        st.error(t("access.bad_config", reason=md_escape(str(exc))), icon=":material/error:")
        st.stop()
        raise  # not reached: st.stop() raises


def _secrets_section(name: str) -> dict[str, Any] | None:
    try:
        section = st.secrets.get(name)
    except FileNotFoundError:
        return None  # no secrets.toml: the defaults (a room)
    return None if section is None else dict(section)


def connection(pol: Policy) -> Connection:
    """This browser's connection as the server sees it. Through the room's nginx the address is
    the one nginx saw (uvicorn trusts X-Forwarded-For from loopback peers only). Streamlit
    reports a loopback client as no address; a run with no connection at all (a script, a
    test harness) has no headers, and so no address: never the facilitator."""
    headers = st.context.headers
    address = _text(st.context.ip_address)
    host = _text(headers.get("Host"))
    if address is None and host:
        address = "127.0.0.1"
    token = os.environ.get(PROXY_TOKEN_ENV, "")
    via = _text(headers.get(VIA_HEADER)) or ""
    via_proxy = bool(token) and hmac.compare_digest(via.encode(), token.encode())
    email = name = None
    groups: tuple[str, ...] = ()
    signed_in = False
    if pol.mode == "signin":
        signed_in = bool(st.user.get("is_logged_in"))
        email, name = _text(st.user.get("email")), _text(st.user.get("name"))
        groups = _groups(st.user.get("groups"))
    elif pol.mode == "proxy" and via_proxy:
        email = _text(headers.get(pol.user_header))
        groups = _groups(headers.get(pol.groups_header))
    return Connection(
        address=address,
        host=host,
        email=email,
        name=name,
        groups=groups,
        signed_in=signed_in,
        unlocked=bool(_UNLOCKED.get()),
        via_proxy=via_proxy,
    )


def _text(value: object) -> str | None:
    return str(value)[:200] if isinstance(value, str) and value.strip() else None


def _groups(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if isinstance(value, (list, tuple)):
        return tuple(str(g).strip()[:100] for g in value if str(g).strip())[:100]
    return ()


def current() -> Actor | None:
    """Who is using this page (None: they must sign in first)."""
    pol = policy()
    return access.decide(pol, connection(pol))


def actor() -> Actor:
    """Who is using this page, to hand to the stores (someone not signed in: a viewer, whom
    every store refuses; `gate` shows them only the way to sign in anyway)."""
    return current() or Actor("not signed in", "viewer", "anonymous")


def device() -> Device:
    """This browser as the room knows it (ssw_core.roomstate.Device.connecting): its address,
    and the route cookie the room's nginx set when the request came through it; what it sends
    to the room is owned by it."""
    pol = policy()
    return Device.connecting(connection(pol), _text(st.context.cookies.get(ROUTE_COOKIE)))


def may(action: str) -> bool:
    who = current()
    return who is not None and who.may(action)


def reason(action: str) -> str:
    """Why this user may not do `action`, in the user's language ('' if they may)."""
    who = current()
    if who is not None and who.may(action):
        return ""
    pol = policy()
    hint = {
        "room": "access.hint.room_passcode" if pol.passcode else "access.hint.room",
        "signin": "access.hint.signin",
        "proxy": "access.hint.proxy",
    }[pol.mode]
    return t(f"access.denied.{action}") + " " + t(hint)


def denied_text(exc: access.AccessDenied) -> str:
    return t(f"access.denied.{exc.action}") + " " + t("access.nothing_changed")


def not_saved_text(exc: NotSaved) -> str:
    """A change the server could not write (ssw_core.storage), in the reader's language."""
    return t("storage.not_saved", reason=reason_text(exc.code, exc.detail))


def reason_text(code: str, detail: str = "") -> str:
    return t(f"storage.{code}", detail=md_escape(detail))


def gate() -> None:
    """Every page, first: someone who must sign in sees only how to."""
    pol = policy()
    if access.decide(pol, connection(pol)) is not None:
        return
    st.title(t("app.title"))
    st.info(t("access.sign_in_first"), icon=":material/login:")
    st.button(t("access.sign_in"), on_click=st.login, icon=":material/login:", type="primary")
    st.stop()


def actor_name(who: access.Actor) -> str:
    """Who the user is, in the page's language. The record of changes keeps the name as
    ssw_core.access gives it; a signed-in user is their e-mail address either way."""
    unknown = t("access.name.unknown_address")
    if who.via == "room":
        if who.role == "admin":
            return t("access.name.this_computer")
        return t("access.name.participant", where=who.address or unknown)
    if who.via == "passcode":
        return t("access.name.passcode")
    if who.via == "anonymous":
        return t("access.name.anonymous", where=who.address or unknown)
    return who.name


def sidebar_block() -> None:
    """Who you are and what you may do; the passcode or the sign-in that changes it."""
    pol = policy()
    conn = connection(pol)
    who = access.decide(pol, conn)
    with st.sidebar:
        if who is None:
            return
        st.caption(t(f"access.you.{who.role}", name=md_escape(actor_name(who))))
        if notice := _NOTICE.pop():
            st.success(notice, icon=":material/lock_open:")
        if pol.mode == "room" and who.role == "viewer" and pol.passcode:
            _passcode_form(pol, conn)
        elif pol.mode == "room" and who.via == "passcode":
            st.button(t("access.lock"), on_click=_lock, icon=":material/lock:")
        elif pol.mode == "signin":
            if conn.signed_in:
                st.button(t("access.sign_out"), on_click=st.logout, icon=":material/logout:")
            else:
                st.button(t("access.sign_in"), on_click=st.login, icon=":material/login:")


def _lock() -> None:
    _UNLOCKED.pop()


def _passcode_form(pol: Policy, conn: Connection) -> None:
    with st.expander(t("access.unlock"), icon=":material/lock:"):
        with st.form("access_unlock", border=False, clear_on_submit=True):
            st.text_input(
                t("access.passcode"),
                type="password",
                key=_PASSCODE.name,
                max_chars=200,
                autocomplete="off",
            )
            submitted = st.form_submit_button(t("access.unlock_button"))
        if submitted:
            _try_passcode(pol, conn)


def attempts() -> access.Attempts:
    return access.Attempts(paths.user_data_dir() / "access" / "attempts.json")


def _try_passcode(pol: Policy, conn: Connection) -> None:
    """One attempt, decided by ssw_core.access in one step (counted before it is compared)."""
    if not pol.passcode:
        return
    verdict = attempts().try_passcode(pol.passcode, _PASSCODE.get() or "", conn.address)
    if verdict.unlocked:
        _UNLOCKED.set(True)
        _NOTICE.set(t("access.unlocked"))
        st.rerun()
    if verdict.outcome == "not_recorded":
        st.error(t("access.not_recorded"), icon=":material/error:")
    elif verdict.wait > 0:
        minutes = max(1, round(verdict.wait / 60))
        st.error(t("access.too_many", minutes=minutes), icon=":material/timer:")
    else:
        st.error(t("access.wrong"), icon=":material/error:")


def _clear_attempts() -> None:
    try:
        attempts().clear(actor=actor())
    except access.AccessDenied as exc:
        _NOTICE.set(denied_text(exc))
    except OSError:
        _NOTICE.set(t("access.not_recorded"))
    else:
        _NOTICE.set(t("access.attempts_cleared"))


def settings_panel() -> None:
    """For an admin: the access settings in force, as read from the configuration (they are
    changed there, by whoever runs the server, not from the dashboard)."""
    if not may("settings"):
        return
    pol = policy()
    none = t("access.settings.none")
    lines = [
        (t("access.settings.mode"), t(f"access.settings.mode_{pol.mode}")),
        (t("access.settings.anonymous"), t("common.yes") if pol.anonymous else t("common.no")),
        (t("access.settings.editors"), ", ".join(pol.editors) or none),
        (t("access.settings.admins"), ", ".join(pol.admins) or none),
        (t("access.settings.passcode"), t("common.yes") if pol.passcode else t("common.no")),
    ]
    if pol.mode == "proxy":
        lines.append((t("access.settings.headers"), f"{pol.user_header}, {pol.groups_header}"))
    counted: dict[str, int] = {}
    if pol.mode == "room" and pol.passcode:
        try:
            counted = attempts().failures()
        except OSError:
            counted = {}
        lines.append(
            (
                t("access.settings.attempts"),
                t(
                    "access.settings.attempts_n",
                    devices=len(counted),
                    attempts=sum(counted.values()),
                ),
            )
        )
    with st.expander(t("access.settings.title"), icon=":material/admin_panel_settings:"):
        st.markdown("\n".join(f"- **{k}**: {md_escape(v)}" for k, v in lines))
        if counted:
            st.button(
                t("access.clear_attempts"),
                on_click=_clear_attempts,
                icon=":material/lock_reset:",
                key=_CLEAR.name,
            )
        st.caption(t("access.settings.how"))
