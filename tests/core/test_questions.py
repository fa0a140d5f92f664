"""The room's questions (ssw_core.questions): asking, answering from phones, the room's limits,
what a refused call leaves (nothing), what the Scenario lab is offered, and the lab's start
from an offered Category 6 share (golden values from the shipped data)."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import polars as pl
import pytest

from ssw_core import baseline
from ssw_core import questions as qs
from ssw_core.access import LOCAL, AccessDenied, Actor
from ssw_core.audit import AuditLog
from ssw_core.roomstate import Device, Limits, Refused
from ssw_core.storage import NotSaved
from ssw_core.store import Store
from tests.support.rooms import documents_find_no_space

PHONE = Actor("participant", "viewer", "room", "10.0.0.7")
T0 = 1_796_630_400.0  # 2026-12-07T00:00:00Z
ECA = ("MDA", "GEO", "ALB", "ROU", "KAZ")


def _dev(n: int, address: str = "10.0.0.7") -> Device:
    return Device.of(address, f"cookie-{n}")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def store(tmp_path: Path) -> qs.QuestionStore:
    return qs.QuestionStore(tmp_path / "questions")


def _share(store: qs.QuestionStore, event: str = "Chișinău workshop") -> qs.Question:
    return store.ask("cat6_share", event=event, countries=ECA, actor=LOCAL, now=T0)


def test_a_question_is_asked_answered_and_each_device_keeps_its_latest(store):
    q = _share(store)
    assert (q.id, q.kind, q.day, q.open, store.current().id) == (
        "q1",
        "cat6_share",
        "2026-12-07",
        True,
        "q1",
    )
    store.answer(q.id, qs.Answer("MDA", "40", "Moldova"), actor=PHONE, device=_dev(1), now=T0 + 1)
    store.answer(q.id, qs.Answer("mda", "35,5"), actor=PHONE, device=_dev(1), now=T0 + 2)
    store.answer(q.id, qs.Answer("GEO", 20.0), actor=PHONE, device=_dev(2), now=T0 + 3)
    got = [(a.iso3, a.value, a.team) for a in store.answers(q.id)]
    assert got == [("MDA", 35.5, ""), ("GEO", 20.0, "")]  # one per device, the latest
    assert store.answers_version(q.id) == 3
    entries = AuditLog(store.root.parent / "audit.jsonl").read().entries
    assert [e["action"] for e in entries] == ["question.ask"] + ["question.answer"] * 3
    assert entries[2]["facts"]["value"] == 35.5


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "101 is out of range: answers go from 0 to 100"),
        (-1, "-1 is out of range: answers go from 0 to 100"),
        ("forty", "'forty' is not a number"),
        ("40%", "'40%' is not a number"),
        ("nan", "'nan' is not a number"),
        ("1" * 41, "answer: at most 40 characters"),
    ],
)
def test_a_bad_answer_says_what_is_wrong_and_changes_no_file(store, value, message):
    q = _share(store)
    before = _files(store.root.parent)
    with pytest.raises(qs.QuestionError, match=message):
        store.answer(q.id, qs.Answer("MDA", value), actor=PHONE, device=_dev(1))
    assert _files(store.root.parent) == before


def test_unknown_country_team_too_long_and_a_year_that_is_not_whole(store):
    q = _share(store)
    with pytest.raises(ValueError, match="'FRA' is not a country of this question"):
        store.answer(q.id, qs.Answer("FRA", 1), actor=PHONE, device=_dev(1))
    with pytest.raises(ValueError, match="team: at most 60 characters"):
        store.answer(q.id, qs.Answer("MDA", 1, "x" * 61), actor=PHONE, device=_dev(1))
    year = store.ask("plan_year", event="E", countries=ECA, actor=LOCAL)
    with pytest.raises(ValueError, match=r"2019\.5 is not a whole number"):
        store.answer(year.id, qs.Answer("MDA", "2019.5"), actor=PHONE, device=_dev(1))
    with pytest.raises(ValueError, match="1949 is out of range: answers go from 1950 to"):
        store.answer(year.id, qs.Answer("MDA", 1949), actor=PHONE, device=_dev(1))
    assert store.answers(year.id) == []


def test_only_the_facilitator_asks_offers_and_closes_and_refusals_change_nothing(store):
    q = _share(store)
    before = _files(store.root.parent)
    for call in (
        lambda: store.ask("cat6_share", event="E", countries=ECA, actor=PHONE),
        lambda: store.offer(q.id, True, actor=PHONE),
        lambda: store.close(q.id, actor=PHONE),
    ):
        with pytest.raises(AccessDenied) as err:
            call()
        assert isinstance(err.value, PermissionError)
    assert _files(store.root.parent) == before


def test_a_closed_question_and_a_busy_device_are_refused(tmp_path):
    store = qs.QuestionStore(tmp_path / "questions", limits=Limits(per_device=2, devices=2))
    q = _share(store)
    store.answer(q.id, qs.Answer("MDA", 1), actor=PHONE, device=_dev(1), now=T0)
    store.answer(q.id, qs.Answer("MDA", 2), actor=PHONE, device=_dev(1), now=T0 + 1)
    with pytest.raises(Refused, match="too many sends from this device; try again in 59 s"):
        store.answer(q.id, qs.Answer("MDA", 3), actor=PHONE, device=_dev(1), now=T0 + 1)
    store.answer(q.id, qs.Answer("MDA", 3), actor=PHONE, device=_dev(1), now=T0 + 61)
    store.answer(q.id, qs.Answer("GEO", 3), actor=PHONE, device=_dev(2), now=T0 + 62)
    with pytest.raises(Refused, match=r"as many senders as it can take \(2\)"):
        store.answer(q.id, qs.Answer("ALB", 3), actor=PHONE, device=_dev(3), now=T0 + 63)
    store.close(q.id, actor=LOCAL)
    assert store.current() is None
    before = _files(store.root.parent)
    with pytest.raises(Refused, match="it is closed") as err:
        store.answer(q.id, qs.Answer("MDA", 4), actor=PHONE, device=_dev(1), now=T0 + 200)
    assert err.value.code == "closed"
    assert _files(store.root.parent) == before
    assert [a.value for a in store.answers(q.id)] == [3.0, 3.0]


def test_asking_another_question_closes_the_open_one(store):
    first = _share(store)
    second = store.ask(
        "custom", event="E", countries=ECA, actor=LOCAL, text="Staff per district?",
        unit="persons", low=0, high=500,
    )  # fmt: skip
    assert store.question(first.id).closed is not None
    assert (store.current().id, second.text, second.unit, second.high) == (
        "q2",
        "Staff per district?",
        "persons",
        500.0,
    )
    with pytest.raises(ValueError, match="lowest answer must be below the highest"):
        store.ask("custom", event="E", countries=ECA, actor=LOCAL, text="x", low=5, high=5)
    with pytest.raises(ValueError, match="a question of your own needs its text"):
        store.ask("custom", event="E", countries=ECA, actor=LOCAL)
    with pytest.raises(ValueError, match="the event needs a name"):
        store.ask("cat6_share", event="  ", countries=ECA, actor=LOCAL)


def test_offered_estimates_are_the_median_per_country_with_their_provenance(store):
    q = _share(store)
    for n, value in enumerate((30, 50, 34)):
        store.answer(q.id, qs.Answer("MDA", value), actor=PHONE, device=_dev(n), now=T0 + n)
    store.answer(q.id, qs.Answer("GEO", 12), actor=PHONE, device=_dev(9), now=T0 + 5)
    assert store.offered("MDA") == []  # not offered: the lab sees nothing
    store.offer(q.id, True, actor=LOCAL)
    (est,) = store.offered("MDA")
    assert (est.field, est.value, est.answers, est.event, est.day) == (
        "split",
        34.0,
        3,
        "Chișinău workshop",
        "2026-12-07",
    )
    assert est.provenance_parts == {
        "who": "questions.estimate",
        "event": "Chișinău workshop",
        "date": "2026-12-07",
    }
    assert store.offered("ALB") == []
    with pytest.raises(ValueError, match="not an input of the Scenario lab"):
        store.offer(
            store.ask("plan_year", event="E", countries=ECA, actor=LOCAL).id, True, actor=LOCAL
        )
    store.offer(q.id, False, actor=LOCAL)
    assert store.offered("MDA") == []


def test_a_price_is_in_the_labs_currency_else_the_national_one(store):
    q = store.ask(
        "place_price", event="E", countries=("GEO", "ALB"), currencies={"GEO": "GEL"}, actor=LOCAL
    )
    assert (q.currency("GEO"), q.currency("ALB")) == ("GEL", "ALL")
    store.answer(q.id, qs.Answer("ALB", "120 000"), actor=PHONE, device=_dev(1))
    store.offer(q.id, True, actor=LOCAL)
    (est,) = store.offered("ALB")
    assert (est.field, est.value, est.currency) == ("place_cost", 120_000.0, "ALL")


def _answer_many(root: str, start: int) -> None:
    store = qs.QuestionStore(Path(root), limits=Limits(per_address=1000))
    for n in range(start, start + 15):
        store.answer("q1", qs.Answer("MDA", n), actor=PHONE, device=_dev(n))


def test_several_processes_answering_at_once_lose_nothing(tmp_path):
    root = tmp_path / "questions"
    qs.QuestionStore(root).ask(
        "custom", event="E", countries=ECA, actor=LOCAL, text="How many?", low=0, high=1000
    )
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_answer_many, args=(str(root), 100 * i)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    store = qs.QuestionStore(root)
    assert len(store.answers("q1")) == 60
    assert sorted(a.value for a in store.answers("q1")) == sorted(
        float(100 * i + n) for i in range(4) for n in range(15)
    )
    assert store.answers_version("q1") == 60
    assert len(AuditLog(tmp_path / "audit.jsonl").read().entries) == 61
    assert json.loads((root / "q1.json").read_text())["version"] == 60


# --- the lab's start from an offered share (shipped data) -------------------------------------


def _estimate(iso3: str, value: float, field: str = "split") -> qs.Estimate:
    return qs.Estimate("q1", "cat6_share", field, iso3, value, 2, "Chișinău workshop", "2026-12-07")


def test_an_offered_share_replaces_the_assumed_split_and_is_labelled(tmp_path):
    store = Store(Path("data"), tmp_path)
    plain = baseline.propose_baseline(store, "MDA")
    assert (plain.s6.note, plain.s6.args["share"]) == ("staff_times_share_assumption", 0.5)
    total = plain.s1.value + plain.s6.value
    got = baseline.propose_baseline(store, "MDA", estimate=_estimate("MDA", 30))
    assert (got.s6.origin, got.s6.note, got.s6.value, got.s1.value) == (
        "estimate", "staff_times_share_estimate", round(total * 0.3), total - round(total * 0.3),
    )  # fmt: skip
    assert (got.s6.args["event"], got.s6.args["date"], got.split_assumed) == (
        "Chișinău workshop",
        "2026-12-07",
        False,
    )
    assert got.start_obs_ids == plain.start_obs_ids  # the same figures: only the split differs


def test_a_sourced_split_is_kept_and_a_benchmark_takes_the_estimate(tmp_path):
    store = Store(Path("data"), tmp_path)
    rou = baseline.propose_baseline(store, "ROU")
    assert baseline.propose_baseline(store, "ROU", estimate=_estimate("ROU", 90)) == rou
    arm = baseline.propose_baseline(store, "ARM")
    got = baseline.propose_baseline(store, "ARM", estimate=_estimate("ARM", 20))
    assert (got.s6.note, got.s6.origin) == ("benchmark_times_share_estimate", "benchmark")
    assert got.s6.value == round((arm.s1.value + arm.s6.value) * 0.2)


def _offered(field: str, value: float, currency: str = "") -> qs.Estimate:
    return qs.Estimate("q2", "k", field, "X", value, 1, "Atelier", "2026-12-07", currency)


def test_open_cases_and_a_place_price_start_where_the_data_has_none(tmp_path):
    store = Store(Path("data"), tmp_path)
    mda = baseline.propose_baseline(store, "MDA")
    assert (mda.open_cases.value, mda.s1.value + mda.s6.value) == (None, 1007)
    cases = _offered("cases", 20)
    got, _ = baseline.with_room_estimates(mda, None, [cases])
    assert got is not None
    assert (got.open_cases.value, got.open_cases.origin, got.open_cases.note) == (
        20_140, "estimate", "cases_per_worker_estimate",
    )  # fmt: skip
    assert got.open_cases.args == {
        "event": "Atelier", "date": "2026-12-07", "answers": 1, "per_worker": 20, "workers": 1007,
    }  # fmt: skip
    # a price: where the lab has no currency, the estimate's; a sourced price is kept; a price
    # in another currency than the lab's is left out (one currency per country)
    alb = baseline.propose_costs(store, "ALB")
    _, priced = baseline.with_room_estimates(None, alb, [_offered("place_cost", 90_000, "ALL")])
    assert priced is not None
    assert (priced.currency, priced.place_cost.value, priced.place_cost.origin) == (
        "ALL",
        90_000,
        "estimate",
    )
    geo = baseline.propose_costs(store, "GEO")
    assert baseline.with_room_estimates(None, geo, [_offered("place_cost", 1, "GEL")])[1] == geo
    kaz = baseline.propose_costs(store, "KAZ")
    assert baseline.with_room_estimates(None, kaz, [_offered("place_cost", 1, "USD")])[1] == kaz


def test_accepted_answers_become_a_version_with_the_event_as_source(tmp_path):
    from ssw_core.userstore import UserStore
    from tests.core.test_userstore import MDA

    users = UserStore(tmp_path)
    users.commit(MDA, b"x", "mda.csv", actor=LOCAL)  # Moldova's own figures, uploaded earlier
    store = qs.QuestionStore(tmp_path / "questions")
    q = _share(store, event="Atelier Chișinău")
    for n, value in enumerate((30, 40)):
        store.answer(q.id, qs.Answer("MDA", value), actor=PHONE, device=_dev(n), now=T0 + n)
    store.answer(q.id, qs.Answer("GEO", 20), actor=PHONE, device=_dev(5), now=T0 + 5)
    before = _files(tmp_path)
    with pytest.raises(AccessDenied):
        store.accept(q.id, ["MDA"], actor=Actor("e", "editor", "passcode"), users=users)
    with pytest.raises(ValueError, match="none of these countries answered"):
        store.accept(q.id, ["ALB"], actor=LOCAL, users=users)
    assert _files(tmp_path) == before
    version = store.accept(q.id, ["MDA", "GEO"], actor=LOCAL, users=users, this_year=2026)
    figures = users.figures(version.id).filter(pl.col("country") == "MDA")
    row = figures.filter(pl.col("measure") == "share_unqualified").to_dicts()[0]
    assert (row["value"], row["year"], row["reliability"]) == (35.0, 2026, "low")
    assert row["source_publisher"] == "Atelier Chișinău: country teams' estimates"
    assert row["notes"].startswith("A country team's estimate, Atelier Chișinău, 2026-12-07")
    assert figures.height == MDA.height + 1  # Moldova's earlier figures kept
    entries = AuditLog(tmp_path / "audit.jsonl").read().entries
    # the version is recorded as it is made, then its acceptance, naming it
    assert [(e["action"], e["version"]) for e in entries[-2:]] == [
        ("upload", version.id),
        ("question.accept", version.id),
    ]
    # Georgia's split is no longer assumed: the accepted share is its source
    got = baseline.propose_baseline(Store(Path("data"), tmp_path), "GEO")
    assert (got.s6.note, got.s6.args["share"]) == ("staff_times_share_sourced", 0.2)


_no_room_for_documents = documents_find_no_space


def test_a_change_that_cannot_be_written_is_not_recorded(store, monkeypatch):
    q = _share(store)
    store.answer(q.id, qs.Answer("MDA", 30), actor=PHONE, device=_dev(1), now=T0)
    log = AuditLog(store.root.parent / "audit.jsonl")
    recorded = log.read().entries
    before = {k: v for k, v in _files(store.root.parent).items() if not k.endswith(".lock")}
    calls = {  # in an order each can be made in, one after the other
        "question.answer": lambda: store.answer(
            q.id, qs.Answer("GEO", 20), actor=PHONE, device=_dev(2), now=T0 + 1
        ),
        "question.offer": lambda: store.offer(q.id, True, actor=LOCAL),
        "question.close": lambda: store.close(q.id, actor=LOCAL),
        "question.ask": lambda: _share(store, event="Day 2"),
    }
    for action, call in calls.items():
        with monkeypatch.context() as m:
            _no_room_for_documents(m)
            with pytest.raises(NotSaved) as error:
                call()
        assert error.value.code == "disk_full", action
        assert log.read().entries == recorded, action  # nothing recorded that did not happen
        now = {k: v for k, v in _files(store.root.parent).items() if not k.endswith(".lock")}
        assert now == before, action
    assert store.current() == q and [a.iso3 for a in store.answers(q.id)] == ["MDA"]
    for action, call in calls.items():  # with room on the disk: made, then recorded
        call()
        assert log.read().entries[-1]["action"] == action
