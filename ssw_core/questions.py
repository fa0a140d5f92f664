"""The room's questions: what the data cannot answer, asked of the country teams in the room.

The facilitator asks one question at a time (`QuestionStore.ask`), of a kind from `KINDS` or
written for the room (`custom`); each country team answers for its country from a phone
(`answer`); the projector shows the answers as they come. An answer is stored as what it is,
a country team's estimate at an event on a date, never as a sourced figure. The facilitator
may offer a question's answers to the Scenario lab (`offer`): a country with answers then
starts there from them where the data has no figure or only an assumption (`offered`), the
value labelled "a country team's estimate, <event>, <date>".

| kind             | unit                          | range       | the lab's field it may start   |
|------------------|-------------------------------|-------------|--------------------------------|
| cat6_share       | % of social-work posts held   | 0-100       | the split of S1 + S6 (the share|
|                  | without the qualification     |             | ssw_core.baseline would assume)|
| cases_per_worker | open cases per social worker  | 0-1,000     | open cases = answer x (S1 + S6)|
|                  |                               |             | where the data has none        |
| place_price      | the country's currency a year | 0-1e9       | the price of a study place a   |
|                  | (the lab's, else ISO 4217)    |             | year (and the currency, where  |
|                  |                               |             | the lab has none)              |
| plan_year        | a year                        | 1950-today  | none (shown only)              |
| custom           | the facilitator's unit        | set by them | none (shown only)              |

A custom question takes a number between the bounds the facilitator sets, in the unit the
facilitator names (a question needing words is asked aloud: typed text from 150 phones is
not a figure the room can show).

After the event an admin may accept a question's answers (`accept`): for the kinds in
ACCEPTED_AS, each chosen country's answer becomes an uploaded figure in a new version of the
data (ssw_core.userstore), with the event as its source and reliability 'low'.

Where several devices answered for one country, the country's estimate is the median of
their latest answers (`Estimate.answers` says how many).

Storage, under `<user data dir>/questions/`: `room.json` (the questions, the open one, what
is offered) and `<question id>.json` (its answers, one per device, and the devices' recent
sends), each a roomstate.SharedDoc: changed under the lock of every process, written
atomically. Every ask, close, answer, offer and acceptance is recorded in the audit log (beside
the folder) together with its change: once the new document has its space on disk and before
it replaces the old (`SharedDoc.change(before_put=...)`), so a change that cannot be written
(a full disk: storage.NotSaved) is neither made nor recorded. A refused call (access, the
room's limits, a closed question) raises PermissionError (access.AccessDenied /
roomstate.Refused), a bad answer QuestionError (a ValueError); neither changes a file.
"""

from __future__ import annotations

import csv
import io
import math
import re
import statistics
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from ssw_core import uploads
from ssw_core.access import Actor, require
from ssw_core.audit import FILE as AUDIT_FILE
from ssw_core.audit import AuditLog
from ssw_core.roomstate import Device, Limits, Refused, SharedDoc, clean_text, stamp
from ssw_core.userstore import UserStore, Version

MAX_EVENT = 80
MAX_TEXT = 200  # a custom question
MAX_UNIT = 30
MAX_TEAM = 60
MAX_ANSWER_TEXT = 40  # what a phone may type in the number field
MONEY = 1e9  # as the Scenario lab bounds a price (ui.scenario.inputs.MONEY)
FIRST_PLAN_YEAR = 1950

# ISO 4217: the currency of each country of the dashboard, for a price where the lab has no
# currency of its own for the country (the lab's comes from the country's money figures).
NATIONAL_CURRENCY = {
    "ALB": "ALL", "ARM": "AMD", "AZE": "AZN", "BLR": "BYN", "BIH": "BAM", "BGR": "EUR",
    "HRV": "EUR", "GEO": "GEL", "GRC": "EUR", "KAZ": "KZT", "XKX": "EUR", "KGZ": "KGS",
    "MDA": "MDL", "MNE": "EUR", "MKD": "MKD", "ROU": "RON", "SRB": "RSD", "TJK": "TJS",
    "TKM": "TMT", "TUR": "TRY", "UKR": "UAH", "UZB": "UZS", "BRN": "BND", "KHM": "KHR",
    "IDN": "IDR", "LAO": "LAK", "MYS": "MYR", "MNG": "MNT", "MMR": "MMK", "PHL": "PHP",
    "SGP": "SGD", "THA": "THB", "TLS": "USD", "VNM": "VND",
}  # fmt: skip


@dataclass(frozen=True)
class Kind:
    """A kind of question: its `unit` (a message key under `questions.unit`), the range an
    answer must fall in, whether it is a whole number, and the Scenario lab's field it may
    start (None: shown only)."""

    name: str
    unit: str
    low: float
    high: float
    integer: bool = False
    lab_field: str | None = None


def _kinds() -> dict[str, Kind]:
    return {
        k.name: k
        for k in (
            Kind("cat6_share", "percent_unqualified", 0, 100, lab_field="split"),
            Kind("cases_per_worker", "cases_per_worker", 0, 1000, lab_field="cases"),
            Kind("place_price", "per_year", 0, MONEY, lab_field="place_cost"),
            Kind("plan_year", "year", FIRST_PLAN_YEAR, date.today().year, integer=True),
            Kind("custom", "custom", -MONEY, MONEY),
        )
    }


KINDS = _kinds()
LAB_FIELDS = ("split", "cases", "place_cost")

# Messages of QuestionError in English (the app shows `questions.error.<code>`, same fields).
MESSAGES = {
    "unknown_kind": "'{kind}' is not a kind of question (kinds: {kinds})",
    "no_event": "the event needs a name",
    "too_long": "{what}: at most {max} characters",
    "no_text": "a question of your own needs its text",
    "bad_range": "the lowest answer must be below the highest",
    "unknown_country": "'{iso3}' is not a country of this question",
    "not_a_number": "'{value}' is not a number",
    "out_of_range": "{value} is out of range: answers go from {low} to {high}",
    "not_whole": "{value} is not a whole number (a year)",
    "no_question": "there is no question '{qid}'",
    "not_for_lab": "this question's answers are not an input of the Scenario lab",
    "not_acceptable": "no measure of the data takes this question's answers",
    "nothing_to_accept": "none of these countries answered",
    "not_valid": "the answers do not make valid figures: {problems}",
}

ACCEPTED_AS = {"cat6_share": "share_unqualified", "place_price": "study_place_cost"}
"""The measure of an uploaded figure (ssw_core.uploads) each kind's answers become when the
facilitator accepts them after the event (`QuestionStore.accept`); the others have none."""
_ENGLISH_KIND = {
    "cat6_share": "the share of social-work posts held without the qualification (Category 6)",
    "place_price": "the price of a study place for a year",
}


class QuestionError(ValueError):
    """A bad question or answer: `code` (a key of MESSAGES) and the values it names."""

    def __init__(self, code: str, **values: Any) -> None:
        self.code, self.values = code, values
        super().__init__(MESSAGES[code].format(**values))


@dataclass(frozen=True)
class Answer:
    """What a phone sends: the country (ISO3), the value (a number, or the text typed: it is
    read here) and the team's name (optional)."""

    iso3: str
    value: float | int | str
    team: str = ""


@dataclass(frozen=True)
class Stored:
    """An answer as stored: the device it came from, when, and what it said."""

    device: str
    iso3: str
    value: float
    team: str
    at: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    event: str
    asked: str  # '2026-12-07T10:15:00Z'
    countries: tuple[str, ...]
    text: str = ""  # a custom question's words
    unit: str = ""  # a custom question's unit
    low: float = 0.0
    high: float = 0.0
    currencies: tuple[tuple[str, str], ...] = ()  # place_price: (iso3, currency)
    closed: str | None = None
    offered: str | None = None  # when the facilitator offered the answers to the lab

    @property
    def day(self) -> str:
        return self.asked[:10]

    @property
    def open(self) -> bool:
        return self.closed is None

    @property
    def lab_field(self) -> str | None:
        return KINDS[self.kind].lab_field

    @property
    def integer(self) -> bool:
        return KINDS[self.kind].integer

    def currency(self, iso3: str) -> str:
        return dict(self.currencies).get(iso3, "")

    def read(self, answer: Answer) -> Answer:
        """The answer checked and cleaned (its value a float); QuestionError says what is
        wrong with it."""
        iso3 = str(answer.iso3 or "").strip().upper()[:3]
        if iso3 not in self.countries:
            raise QuestionError("unknown_country", iso3=str(answer.iso3)[:12])
        team = str(answer.team or "")
        if len(" ".join(team.split())) > MAX_TEAM:
            raise QuestionError("too_long", what="team", max=MAX_TEAM)
        value = read_number(answer.value)
        if not (self.low <= value <= self.high):
            g = not self.integer  # a year without a thousands separator
            raise QuestionError(
                "out_of_range",
                value=_plain(value, g),
                low=_plain(self.low, g),
                high=_plain(self.high, g),
            )
        if self.integer and value != int(value):
            raise QuestionError("not_whole", value=_plain(value, False))
        return Answer(iso3, value, clean_text(team, MAX_TEAM))


def _plain(x: float, grouped: bool = True) -> str:
    """A number as an English message says it: '1,000' ('1000' for a year), '12.5'."""
    text = f"{x:,.0f}" if x == int(x) else f"{x:,.6g}"
    return text if grouped else text.replace(",", "")


_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def read_number(value: object) -> float:
    """A number a phone sent: a float, or text such as '12.5', '12,5', '1 200' (spaces as
    thousands); anything else raises QuestionError 'not_a_number' (or 'too_long')."""
    if isinstance(value, bool):
        raise QuestionError("not_a_number", value=str(value))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value)
        if len(text) > MAX_ANSWER_TEXT:
            raise QuestionError("too_long", what="answer", max=MAX_ANSWER_TEXT)
        compact = "".join(text.split()).replace("\u00a0", "")
        if not _NUMBER.fullmatch(compact):
            raise QuestionError("not_a_number", value=clean_text(text, MAX_ANSWER_TEXT))
        number = float(compact.replace(",", "."))
    if not math.isfinite(number):
        raise QuestionError("not_a_number", value=str(value)[:MAX_ANSWER_TEXT])
    return number


@dataclass(frozen=True)
class Estimate:
    """A country's estimate from a question offered to the lab: the median of the latest
    answers of its devices. Hashable (the lab caches what it builds from it)."""

    question: str
    kind: str
    field: str  # a LAB_FIELDS
    iso3: str
    value: float
    answers: int
    event: str
    day: str  # the day the question was asked, 'YYYY-MM-DD'
    currency: str = ""  # place_cost: the currency of the value

    @property
    def provenance_parts(self) -> dict[str, str]:
        """What the label is made of: who ('a country team's estimate', a message key),
        the event and the date."""
        return {"who": "questions.estimate", "event": self.event, "date": self.day}


def median_by_country(answers: list[Stored]) -> dict[str, tuple[float, int]]:
    """Each country's median of its devices' latest answers, and how many there are."""
    by: dict[str, list[float]] = {}
    for a in answers:
        by.setdefault(a.iso3, []).append(a.value)
    return {iso3: (float(statistics.median(v)), len(v)) for iso3, v in by.items()}


class QuestionStore:
    """The room's questions under `root` (see the module docstring). Keep one per process:
    reading an unchanged document costs a `stat`."""

    def __init__(
        self, root: Path, audit: AuditLog | None = None, limits: Limits | None = None
    ) -> None:
        self.root = Path(root)
        self.audit = audit or AuditLog(self.root.parent / AUDIT_FILE)
        self.limits = limits or Limits()
        self.room = SharedDoc(self.root / "room.json")
        self._docs: dict[str, SharedDoc] = {}

    # --- reading (cheap: what a watcher calls every second) ----------------------------------

    def version(self) -> int:
        """Changes to the room's questions (asked, closed, offered)."""
        return self.room.version()

    def answers_version(self, qid: str) -> int:
        """Changes to a question's answers."""
        return self._doc(qid).version() if _ID.fullmatch(qid or "") else 0

    def question(self, qid: str) -> Question | None:
        raw = self.room.read().get("questions", {})
        q = raw.get(qid) if isinstance(raw, dict) else None
        return _question(qid, q) if isinstance(q, dict) else None

    def questions(self) -> list[Question]:
        """Every question asked, the latest first."""
        raw = self.room.read().get("questions", {})
        if not isinstance(raw, dict):
            return []
        found = [q for qid, d in raw.items() if isinstance(d, dict) and (q := _question(qid, d))]
        return sorted(found, key=lambda q: (q.asked, _num(q.id)), reverse=True)

    def current(self) -> Question | None:
        """The question the room is answering (the last asked, while it is open)."""
        qid = self.room.read().get("current")
        q = self.question(qid) if isinstance(qid, str) else None
        return q if q is not None and q.open else None

    def answers(self, qid: str) -> list[Stored]:
        """The latest answer of each device, in the order they came."""
        raw = self._doc(qid).read().get("answers", {}) if _ID.fullmatch(qid or "") else {}
        out = []
        for device, a in raw.items() if isinstance(raw, dict) else ():
            try:
                out.append(
                    Stored(device, str(a["iso3"]), float(a["value"]), str(a["team"]), str(a["at"]))
                )
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry: left out, never a crash
        return sorted(out, key=lambda s: s.at)

    def answer_of(self, qid: str, device: Device) -> Stored | None:
        return next((a for a in self.answers(qid) if a.device == device.key), None)

    def offered(self, iso3: str) -> list[Estimate]:
        """The estimates offered to the Scenario lab for `iso3`: for each lab field, from the
        question offered last that `iso3` answered."""
        chosen: dict[str, Estimate] = {}
        for q in sorted(
            (q for q in self.questions() if q.offered and q.lab_field),
            key=lambda q: (q.offered or "", _num(q.id)),
        ):
            got = median_by_country(self.answers(q.id)).get(iso3)
            if got is None or q.lab_field is None:
                continue
            chosen[q.lab_field] = Estimate(
                q.id, q.kind, q.lab_field, iso3, got[0], got[1], q.event, q.day, q.currency(iso3)
            )
        return [chosen[f] for f in LAB_FIELDS if f in chosen]

    # --- changes ------------------------------------------------------------------------------

    def ask(
        self,
        kind: str,
        *,
        event: str,
        countries: tuple[str, ...] | list[str],
        actor: Actor,
        text: str = "",
        unit: str = "",
        low: float | None = None,
        high: float | None = None,
        currencies: dict[str, str] | None = None,
        now: float | None = None,
    ) -> Question:
        """Ask the room a question (it becomes the open one; one asked before is closed).
        `countries`: those that may answer; `currencies`: for a price, each country's currency
        as the lab uses it (else its national currency, NATIONAL_CURRENCY)."""
        require(actor, "question.ask")
        if kind not in KINDS:
            raise QuestionError("unknown_kind", kind=str(kind)[:30], kinds=", ".join(KINDS))
        event_text = _text(event, MAX_EVENT, "event")
        if not event_text:
            raise QuestionError("no_event")
        spec = KINDS[kind]
        lo, hi = spec.low, spec.high
        words = unit_text = ""
        if kind == "custom":
            words = _text(text, MAX_TEXT, "question")
            if not words:
                raise QuestionError("no_text")
            unit_text = _text(unit, MAX_UNIT, "unit")
            lo = read_number(0 if low is None else low)
            hi = read_number(100 if high is None else high)
            if not lo < hi or abs(lo) > MONEY or abs(hi) > MONEY:
                raise QuestionError("bad_range")
        names = tuple(dict.fromkeys(str(c).upper()[:3] for c in countries))
        money = {}
        if kind == "place_price":
            given = currencies or {}
            money = {c: (given.get(c) or NATIONAL_CURRENCY.get(c, ""))[:3] for c in names}
        at = stamp(time.time() if now is None else now)
        made: list[tuple[str, object]] = []

        def record() -> None:
            ((qid, before),) = made
            self.audit.record(
                actor,
                "question.ask",
                qid,
                detail=f"{kind}: {words or kind} ({event_text})",
                facts={"kind": kind, "event": event_text, "closes": before},
            )

        with self.room.change(before_put=record) as doc:
            qs = doc.setdefault("questions", {})
            qid = f"q{1 + max((_num(k) for k in qs), default=0)}"
            before = doc.get("current")
            made.append((qid, before))
            if isinstance(before, str) and isinstance(qs.get(before), dict):
                qs[before]["closed"] = qs[before].get("closed") or at
            qs[qid] = {
                "kind": kind,
                "event": event_text,
                "asked": at,
                "countries": list(names),
                "text": words,
                "unit": unit_text,
                "low": lo,
                "high": hi,
                "currencies": money,
                "closed": None,
                "offered": None,
            }
            doc["current"] = qid
        q = self.question(qid)
        assert q is not None
        return q

    def close(self, qid: str, *, actor: Actor, now: float | None = None) -> None:
        """Close a question: no more answers."""
        require(actor, "question.ask")

        def record() -> None:
            self.audit.record(actor, "question.close", qid, detail="closed")

        with self.room.change(before_put=record) as doc:
            q = self._raw(doc, qid)
            if q.get("closed"):
                raise Refused(actor, "question.ask", "closed")
            q["closed"] = stamp(time.time() if now is None else now)
            if doc.get("current") == qid:
                doc["current"] = None

    def offer(self, qid: str, on: bool, *, actor: Actor, now: float | None = None) -> None:
        """Offer the question's answers to the Scenario lab as each country's starting value
        (`on`), or take them back."""
        require(actor, "question.offer")

        def record() -> None:
            self.audit.record(
                actor,
                "question.offer",
                qid,
                detail="offered to the Scenario lab" if on else "taken back from the lab",
                facts={"on": bool(on)},
            )

        with self.room.change(before_put=record) as doc:
            q = self._raw(doc, qid)
            if KINDS[str(q.get("kind"))].lab_field is None:
                raise QuestionError("not_for_lab")
            q["offered"] = stamp(time.time() if now is None else now) if on else None

    def answer(
        self,
        qid: str,
        answer: Answer,
        *,
        actor: Actor,
        device: Device,
        now: float | None = None,
    ) -> Stored:
        """A device's answer (it replaces that device's earlier one). Refused (nothing
        changed): a closed or unknown question, too many sends, too many devices."""
        require(actor, "question.answer")
        q = self.question(qid)
        if q is None:
            raise Refused(actor, "question.answer", "missing")
        if not q.open:
            raise Refused(actor, "question.answer", "closed")
        good = q.read(answer)
        at = time.time() if now is None else now

        def record() -> None:
            self.audit.record(
                actor,
                "question.answer",
                qid,
                detail=f"{good.iso3}: {good.value:g}",
                facts={"iso3": good.iso3, "value": good.value, "device": device.key},
            )

        with self._doc(qid).change(before_put=record) as doc:
            again = self.question(qid)  # closed meanwhile, by another process?
            if again is None or not again.open:
                raise Refused(actor, "question.answer", "closed")
            sends = doc.setdefault("sends", {})
            answers = doc.setdefault("answers", {})
            new = device.key not in answers
            wait, code = self.limits.check(sends, device, at, new=new)
            if wait > 0:
                raise Refused(actor, "question.answer", code, wait=wait)
            if new and len(answers) >= self.limits.devices:
                raise Refused(actor, "question.answer", "full", max=self.limits.devices)
            self.limits.count(sends, device, at, new=new)
            stored = Stored(device.key, good.iso3, float(good.value), str(good.team), stamp(at))
            answers.pop(device.key, None)  # the latest comes last
            answers[device.key] = {
                "iso3": stored.iso3,
                "value": stored.value,
                "team": stored.team,
                "at": stored.at,
            }
        return stored

    def accept(
        self,
        qid: str,
        countries: tuple[str, ...] | list[str],
        *,
        actor: Actor,
        users: UserStore,
        this_year: int | None = None,
    ) -> Version:
        """After the event: the answers of `countries` (each country's median) become a new
        version of the uploaded figures (ssw_core.userstore.UserStore `users`), with the event
        as their source, reliability 'low' and a note saying what they are. The countries'
        earlier uploaded figures are kept (the upload replaces a country's figures: they are
        sent again with it), except one of the same measure and year. Returns the Version."""
        require(actor, "question.accept")
        q = self.question(qid)
        if q is None:
            raise QuestionError("no_question", qid=str(qid)[:20])
        measure = ACCEPTED_AS.get(q.kind)
        if measure is None:
            raise QuestionError("not_acceptable")
        by = median_by_country(self.answers(qid))
        chosen = [c for c in dict.fromkeys(countries) if c in by]
        if not chosen:
            raise QuestionError("nothing_to_accept")
        year = int(q.day[:4])
        rows = [
            {
                "country": c,
                "measure": measure,
                "year": year,
                "value": repr(by[c][0]),
                "unit": q.currency(c) if measure == "study_place_cost" else "",
                "source_title": f"Room questions: {_ENGLISH_KIND[q.kind]}",
                "source_publisher": f"{q.event}: country teams' estimates",
                "source_year": year,
                "reliability": "low",
                "notes": f"A country team's estimate, {q.event}, {q.day}: the median of "
                f"{by[c][1]} answers given in the room, not a figure from a publication.",
            }
            for c in chosen
        ]
        original = _csv(rows)
        table = uploads.read_table(original, f"room-{qid}.csv")
        checked = uploads.validate(table, q.countries, this_year or date.today().year)
        errors = [p for p in checked.problems if p.severity == "error"]
        if errors:
            raise QuestionError("not_valid", problems="; ".join(p.code for p in errors[:5]))
        figures = checked.figures
        current = users.current_id()
        if current is not None:
            earlier = users.figures(current).filter(pl.col("country").is_in(chosen))
            same = ["country", "measure", "year"]
            earlier = earlier.join(figures.select(same), on=same, how="anti")
            figures = pl.concat([earlier, figures])
        version = users.commit(
            figures,
            original,
            f"room-{qid}.csv",
            detail=f"{q.event}: country teams' estimates",
            actor=actor,
            expected_parent=current,  # an upload in between is refused, never overwritten
        )

        def record() -> None:  # the version itself is in the record already ('upload')
            self.audit.record(
                actor,
                "question.accept",
                qid,
                version=version.id,
                detail=f"{len(chosen)} answers as {measure} ({q.event})",
                facts={"countries": chosen, "measure": measure},
            )

        with self.room.change(before_put=record) as doc:
            raw = self._raw(doc, qid)
            raw["accepted"] = {"countries": chosen, "version": version.id}
        return version

    # --- inside -------------------------------------------------------------------------------

    def _doc(self, qid: str) -> SharedDoc:
        doc = self._docs.get(qid)
        if doc is None:
            doc = self._docs[qid] = SharedDoc(self.root / f"{qid}.json")
        return doc

    def _raw(self, doc: dict[str, Any], qid: str) -> dict[str, Any]:
        q = doc.get("questions", {}).get(qid) if _ID.fullmatch(qid or "") else None
        if not isinstance(q, dict) or q.get("kind") not in KINDS:
            raise QuestionError("no_question", qid=str(qid)[:20])
        return q


_ID = re.compile(r"q[1-9][0-9]{0,6}")


def _csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _num(qid: str) -> int:
    return int(qid[1:]) if _ID.fullmatch(qid) else 0


def _text(value: object, most: int, what: str) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > most:
        raise QuestionError("too_long", what=what, max=most)
    return clean_text(text, most)


def _question(qid: str, d: dict[str, Any]) -> Question | None:
    if not _ID.fullmatch(qid) or d.get("kind") not in KINDS:
        return None
    try:
        money = d.get("currencies") or {}
        return Question(
            id=qid,
            kind=str(d["kind"]),
            event=str(d.get("event", "")),
            asked=str(d.get("asked", "")),
            countries=tuple(str(c) for c in d.get("countries", ())),
            text=str(d.get("text", "")),
            unit=str(d.get("unit", "")),
            low=float(d.get("low", 0.0)),
            high=float(d.get("high", 0.0)),
            currencies=tuple(sorted((str(k), str(v)) for k, v in money.items())),
            closed=d.get("closed") or None,
            offered=d.get("offered") or None,
        )
    except (TypeError, ValueError, AttributeError):
        return None
