"""Room questions (issue 24): the facilitator asks the room what the data cannot answer; each
country team answers for its country from a phone; the projector shows the answers as they
come, as the room's estimates, apart from every sourced figure; the facilitator may offer a
question's answers to the Scenario lab (ssw_core.questions).

Who may do what is decided in ssw_core (access.require); here a control that is not the
user's is simply not drawn. Live: a keyed fragment (`watch`) tells `ui.base.push` which
versions of the documents the page was drawn from; when one changes, the server reruns that
fragment, which reruns the page: phones watch the questions (asked, closed, offered), the
facilitator's screen their answers too. Nothing runs while nothing changes. Everything a
participant or the facilitator typed is escaped for where it goes: for Markdown (captions,
headings, widget labels, tables) by md_escape, and nowhere else: a chart's titles and legend,
and the text under a chart's file, are plain text (`markdown=False`).
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from ssw_core import questions as qs
from ssw_core.access import AccessDenied
from ssw_core.geo import FRAMES, LABEL_POINTS, served_name
from ssw_core.roomstate import Refused
from ssw_core.storage import NotSaved
from ui.base import charts, data, push, session
from ui.base.i18n import fmt_auto, geo_name, t
from ui.base.markdown import md_escape
from ui.parts import access
from ui.parts.place import show_chart, show_table
from ui.parts.sidebar import Selection

_WATCH = "questions_watch"
"""The key of the watcher fragment that ui.base.push reruns."""
SERVED = "app/static/geo/"  # where Streamlit serves static/geo/ (as ui.monitor.maps)

_SEEN = session.Key[tuple[int, int]](
    "_questions_seen", __name__, doc="the versions of the questions and answers drawn"
)
_FLASH = session.Key[tuple[str, str]](
    "_questions_flash", __name__, doc="the outcome of the last send or change, once"
)
_KIND = session.Key[str](
    "questions_kind", __name__, doc="the kind of question to ask", relabelled=True
)
_EVENT = session.Key[str]("questions_event", __name__, doc="the event's name")
_TEXT = session.Key[str]("questions_text", __name__, doc="a question of the facilitator's own")
_UNIT = session.Key[str]("questions_unit", __name__, doc="its unit")
_LOW = session.Key[float]("questions_low", __name__, doc="its lowest answer")
_HIGH = session.Key[float]("questions_high", __name__, doc="its highest answer")
_COUNTRY = session.Key[str](
    "questions_country_",
    __name__,
    family=True,
    doc="the country answered for, per question",
    relabelled=True,
)
_VALUE = session.Key[str]("questions_value_", __name__, family=True, doc="the answer typed")
_TEAM = session.Key[str]("questions_team", __name__, doc="the team's name (optional)")
_OFFER = session.Key[bool](
    "questions_offer_", __name__, family=True, doc="a question's answers offered to the lab"
)
_CLOSE = session.Key[bool]("questions_close_", __name__, family=True, doc="close a question")
_ACCEPT = session.Key[list[str]](
    "questions_accept_",
    __name__,
    family=True,
    doc="the countries whose answers are accepted",
    relabelled=True,
)


def store() -> qs.QuestionStore:
    return data.question_store()


# --- words ------------------------------------------------------------------------------------


def _typed(text: str, markdown: bool) -> str:
    return md_escape(text) if markdown else text


def question_text(q: qs.Question, *, markdown: bool = True) -> str:
    """The question as the room reads it (a custom one: the facilitator's words, escaped for
    Markdown unless `markdown` is False: plain text, for a chart)."""
    return _typed(q.text, markdown) if q.kind == "custom" else t(f"questions.kind.{q.kind}")


def unit_text(q: qs.Question, iso3: str | None = None, *, markdown: bool = True) -> str:
    """The unit of an answer (a price's: the country's currency a year); see question_text."""
    if q.kind == "custom":
        return _typed(q.unit, markdown)
    unit = qs.KINDS[q.kind].unit
    if unit == "per_year":
        money = q.currency(iso3) if iso3 else ""
        return t("questions.unit.per_year", currency=money) if money else t("questions.unit.money")
    return t(f"questions.unit.{unit}")


def value_text(q: qs.Question, value: float) -> str:
    return str(int(value)) if q.integer else fmt_auto(value)


def label(q: qs.Question, *, markdown: bool = True) -> str:
    """'A country team's estimate, <event>, <date>': what every answer shown is (see
    question_text)."""
    return t("questions.estimate", event=_typed(q.event, markdown), date=q.day)


def _range(q: qs.Question) -> str:
    return t("questions.range", low=value_text(q, q.low), high=value_text(q, q.high))


def error_text(exc: Exception) -> str:
    """A refusal or a bad answer in the user's language, saying what and why."""
    if isinstance(exc, Refused):
        return t(f"room.refused.{exc.code}", wait=f"{exc.wait:.0f}", **exc.values)
    if isinstance(exc, AccessDenied):
        return access.denied_text(exc)
    if isinstance(exc, qs.QuestionError):
        values = {k: md_escape(v) if isinstance(v, str) else v for k, v in exc.values.items()}
        if "what" in values:
            values["what"] = t(f"questions.field.{exc.values['what']}")
        return t(f"questions.error.{exc.code}", **values)
    if isinstance(exc, NotSaved):
        return access.not_saved_text(exc)
    raise exc


def flash() -> None:
    """The outcome of the last send or change (once)."""
    got = _FLASH.pop()
    if got:
        kind, text = got
        (st.success if kind == "ok" else st.error)(text)


# --- live ---------------------------------------------------------------------------------------


def seen(q: qs.Question | None, answers: bool) -> tuple[int, int]:
    """The versions this screen depends on: the questions, and a question's answers."""
    s = store()
    return s.version(), (s.answers_version(q.id) if answers and q is not None else 0)


@st.fragment(key=_WATCH)
def _watcher(q: qs.Question | None, answers: bool) -> None:
    if seen(q, answers) != _SEEN.get():
        st.rerun()
    s, qid = store(), (q.id if answers and q is not None else None)

    def now() -> tuple[int, int]:  # from the push thread: no Streamlit in it
        return s.version(), (s.answers_version(qid) if qid is not None else 0)

    push.watch(f"questions:{qid or ''}", _SEEN.get(), now)


def watch(q: qs.Question | None, answers: bool) -> None:
    """At the end of the page: when what it shows changes (the questions; on the
    facilitator's screen, the question's answers too), the server reruns the watcher, which
    reruns the page. Nothing runs in between."""
    _watcher(q, answers)


def drawn(q: qs.Question | None, answers: bool) -> None:
    """Note the versions the page is drawn from (before it reads them)."""
    _SEEN.set(seen(q, answers))


# --- the facilitator ----------------------------------------------------------------------------


def ask_form(sel: Selection, *, expanded: bool) -> None:
    """Pick a question (or write one) and the event's name; ask the room (folded away while
    a question is open: the projector shows its answers)."""
    version = data.version()
    with (
        st.expander(t("questions.ask_title"), expanded=expanded, icon=":material/campaign:"),
        st.form("questions_ask", border=False),
    ):
        kind = st.selectbox(
            t("questions.kind_label"),
            options=list(qs.KINDS),
            format_func=lambda k: t(f"questions.kind_name.{k}"),
            key=_KIND.name,
        )
        event = st.text_input(
            t("questions.event"), max_chars=qs.MAX_EVENT, key=_EVENT.name,
            placeholder=t("questions.event_hint"),
        )  # fmt: skip
        with st.container(border=True):
            st.markdown(f"**{t('questions.custom_title')}**")
            st.caption(t("questions.custom_help"))
            text = st.text_input(t("questions.custom_text"), max_chars=qs.MAX_TEXT, key=_TEXT.name)
            unit = st.text_input(t("questions.custom_unit"), max_chars=qs.MAX_UNIT, key=_UNIT.name)
            low_col, high_col = st.columns(2)
            low = low_col.number_input(t("questions.custom_low"), value=0.0, key=_LOW.name)
            high = high_col.number_input(t("questions.custom_high"), value=100.0, key=_HIGH.name)
        asked = st.form_submit_button(t("questions.ask"), type="primary")
    if not asked:
        return
    countries = tuple(data.countries(version, sel.region)["iso3"].to_list())
    money = {c: data.cost_proposal(version, c).currency for c in countries}
    try:
        q = store().ask(
            kind, event=event, countries=countries, actor=access.actor(), text=text,
            unit=unit, low=low, high=high, currencies={c: m for c, m in money.items() if m},
        )  # fmt: skip
    except (PermissionError, ValueError, NotSaved) as exc:
        st.error(error_text(exc))
        return
    _FLASH.set(("ok", t("questions.asked", question=question_text(q))))
    st.rerun()


def _close(qid: str) -> None:
    try:
        store().close(qid, actor=access.actor())
    except (PermissionError, ValueError, NotSaved) as exc:
        _FLASH.set(("error", error_text(exc)))


def _offer(qid: str) -> None:
    on = bool(_OFFER.get_item(qid))
    try:
        store().offer(qid, on, actor=access.actor())
    except (PermissionError, ValueError, NotSaved) as exc:
        _FLASH.set(("error", error_text(exc)))


def controls(q: qs.Question) -> None:
    """Close the question; offer its answers to the Scenario lab (or take them back)."""
    left, right = st.columns(2)
    if q.open:
        left.button(
            t("questions.close"), key=_CLOSE.item(q.id), on_click=_close, args=(q.id,),
            icon=":material/lock:",
        )  # fmt: skip
    if q.lab_field is not None:
        _OFFER.set_item(q.id, q.offered is not None)
        right.toggle(
            t(f"questions.offer.{q.lab_field}"),
            key=_OFFER.item(q.id),
            on_change=_offer,
            args=(q.id,),
            help=t("questions.offer_help"),
        )
    accept_form(q)


def accept_form(q: qs.Question) -> None:
    """After the event (an admin): the answers of the countries chosen become a version of
    the data, with the event as their source (QuestionStore.accept)."""
    if q.kind not in qs.ACCEPTED_AS or not access.may("question.accept"):
        return
    answered = sorted(qs.median_by_country(store().answers(q.id)))
    if not answered:
        return
    with (
        st.expander(t("questions.accept_title"), icon=":material/inventory:"),
        st.form(f"questions_accept_form_{q.id}", border=False),
    ):
        measure = t(f"upload.measure.{qs.ACCEPTED_AS[q.kind]}")
        st.caption(t("questions.accept_help", measure=measure))
        chosen = st.multiselect(
            t("questions.accept_countries"),
            options=answered,
            default=answered,
            format_func=geo_name,
            key=_ACCEPT.item(q.id),
        )
        go = st.form_submit_button(t("questions.accept"))
    if go:
        try:
            version = store().accept(q.id, chosen, actor=access.actor(), users=data.user_store())
        except (PermissionError, ValueError, NotSaved) as exc:
            st.error(error_text(exc))
            return
        # said after the rerun the change brings (the page watches the questions' document)
        _FLASH.set(("ok", t("questions.accepted", n=len(version.countries), version=version.id)))
        st.rerun()


# --- a participant --------------------------------------------------------------------------------


def answer_form(q: qs.Question, sel: Selection) -> None:
    """The open question and this phone's answer: its country (the top bar's by default),
    the value, the team's name."""
    device = access.device()
    mine = store().answer_of(q.id, device)
    if _COUNTRY.get_item(q.id) is None:
        if mine is not None:
            _COUNTRY.set_item(q.id, mine.iso3)
        elif sel.iso3 in q.countries:
            _COUNTRY.set_item(q.id, sel.iso3)
    with st.form(f"questions_answer_{q.id}", border=True):
        iso3 = st.selectbox(
            t("questions.country"),
            options=list(q.countries),
            format_func=geo_name,
            index=None,
            placeholder=t("questions.country_hint"),
            key=_COUNTRY.item(q.id),
        )
        value = st.text_input(
            t("questions.value", unit=unit_text(q, iso3)),
            max_chars=qs.MAX_ANSWER_TEXT,
            placeholder=_range(q),
            key=_VALUE.item(q.id),
        )
        team = st.text_input(t("questions.team"), max_chars=qs.MAX_TEAM, key=_TEAM.name)
        sent = st.form_submit_button(t("questions.send"), type="primary")
    if sent:
        if iso3 is None:
            st.error(t("questions.error.no_country"))
            return
        try:
            mine = store().answer(
                q.id, qs.Answer(iso3, value, team), actor=access.actor(), device=device
            )
        except (PermissionError, ValueError, NotSaved) as exc:
            st.error(error_text(exc))
            return
        st.success(
            t(
                "questions.sent",
                country=geo_name(mine.iso3),
                value=value_text(q, mine.value),
                unit=unit_text(q, mine.iso3),
            )
        )
    elif mine is not None:
        st.caption(
            t(
                "questions.yours",
                country=geo_name(mine.iso3),
                value=value_text(q, mine.value),
                unit=unit_text(q, mine.iso3),
            )
        )


# --- the projector ------------------------------------------------------------------------------


def question_card(q: qs.Question) -> None:
    st.subheader(question_text(q))
    state = t("questions.open") if q.open else t("questions.closed")
    st.caption(f"{state} · {_range(q)} · {md_escape(q.event)}, {q.day}")


def results(q: qs.Question) -> None:
    """The answers so far: how many countries answered, a bar chart by country and a map
    filling in, each labelled as the room's estimates."""
    answers = store().answers(q.id)
    by = qs.median_by_country(answers)
    count, note = st.columns([1, 3], vertical_alignment="center")
    count.metric(
        t("questions.answered"),
        t("questions.answered_value", n=len(by), of=len(q.countries)),
        help=t("questions.answered_help", devices=len(answers)),
    )
    note.info(t("questions.apart", label=label(q)), icon=":material/groups:")
    if not by:
        st.caption(t("questions.none_yet"))
        return
    frame = pl.DataFrame(
        [
            {
                "iso3": iso3,
                "name": geo_name(iso3),
                "value": value,
                "text": value_text(q, value),
                "answers": n,
            }
            for iso3, (value, n) in by.items()
        ],
        schema={"iso3": pl.String, "name": pl.String, "value": pl.Float64, "text": pl.String,
                "answers": pl.Int64},
    )  # fmt: skip
    if q.kind == "place_price":
        # Prices in each country's own currency: never on one axis or one colour scale
        # (20,000 MDL beside 15,000,000 UZS reads as a difference that is not there).
        prices = pl.DataFrame(
            {
                t("table.country"): [md_escape(geo_name(i)) for i in by],
                md_escape(label(q, markdown=False)): [value_text(q, v) for v, _ in by.values()],
                t("questions.unit.money"): [md_escape(q.currency(i) or "") for i in by],
                t("questions.answered"): [str(n) for _, n in by.values()],
            }
        )
        show_table(prices, f"room-estimates-{q.id}")
        st.caption(t("questions.currencies_note"))
        return
    # a chart's titles, legend and file are plain text, not Markdown
    unit, said = unit_text(q, markdown=False), label(q, markdown=False)
    fmt = "d" if q.integer else ",.4~g"
    title = f"{question_text(q, markdown=False)} ({said})"
    bars = charts.estimate_bars(
        frame, value_title=unit, label=said, country_title=t("table.country"),
        value_format=fmt,
    )  # fmt: skip
    notes = [t("questions.file_note", label=said)]
    region = _region(q)
    left, right = st.columns(2) if region is not None else (st.container(), None)
    with left:
        show_chart(bars, f"room-estimates-{q.id}", title=title, notes=notes)
    if right is not None and region is not None:
        with right:
            show_chart(_map(q, frame, region, unit), f"room-map-{q.id}", title=title, notes=notes)


def _region(q: qs.Question) -> str | None:
    """The region most of the question's countries are in (the map shows one region)."""
    frame = data.countries(data.version())
    regions = frame.filter(pl.col("iso3").is_in(list(q.countries)))["region"].to_list()
    found = [r for r in regions if r in FRAMES]
    return max(set(found), key=found.count) if found else None


def _map(q: qs.Question, frame: pl.DataFrame, region: str, unit: str) -> dict[str, Any]:
    features = [f for f in data.boundaries()["features"] if f["properties"]["region"] == region]
    ours = set(data.countries(data.version(), region)["iso3"].to_list())
    values = frame.filter(pl.col("iso3").is_in(sorted(ours))).select(
        "iso3",
        "name",
        "value",
        pl.concat_str([pl.col("name"), pl.lit("\n"), pl.col("text")]).alias("text"),
        pl.lit("").alias("flags"),
        pl.lit(False).alias("flagged"),
    )
    labels = pl.DataFrame(
        [
            {
                "lon": LABEL_POINTS[r["iso3"]][0],
                "lat": LABEL_POINTS[r["iso3"]][1],
                "text": r["text"],
            }
            for r in values.iter_rows(named=True)
            if r["iso3"] in LABEL_POINTS
        ],
        schema={"lon": pl.Float64, "lat": pl.Float64, "text": pl.String},
    )
    return charts.choropleth(
        features,
        values,
        frame=FRAMES[region],
        value_title=unit,
        tooltip_titles={"country": t("table.country"), "flags": t("questions.legend")},
        value_format="d" if q.integer else ",.4~g",
        served=(SERVED + served_name(region, "ours"), SERVED + served_name(region, "context")),
        labels=labels,
    )


def earlier(current: qs.Question | None) -> None:
    """The questions asked before, with the offer to the lab for those that have one."""
    past = [q for q in store().questions() if current is None or q.id != current.id]
    if not past:
        return
    with st.expander(t("questions.earlier", n=len(past))):
        for q in past:
            st.markdown(f"**{question_text(q)}** · {md_escape(q.event)}, {q.day}")
            by = qs.median_by_country(store().answers(q.id))
            st.caption(
                ", ".join(f"{geo_name(c)}: {value_text(q, v)}" for c, (v, _) in sorted(by.items()))
                or t("questions.none_yet")
            )
            controls(q)
