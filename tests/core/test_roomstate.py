"""What one device and one address may send to the room (ssw_core.roomstate): a whole room
behind one NAT address is served, a client that invents route cookies gets no more than an
address's bounds, and a route cookie counts only on a request that came through the room's
nginx. The room's settings that set the bounds (ssw_core.serving.room_limits)."""

from __future__ import annotations

import pytest

from ssw_core import serving
from ssw_core.access import LOCAL, Actor, Connection
from ssw_core.questions import Answer, QuestionStore
from ssw_core.roomstate import REFUSED, Device, Limits, Refused

NAT = "203.0.113.9"  # the room's gateway: every phone of the room arrives from it
PHONE = Actor("participant (203.0.113.9)", "viewer", "room", NAT)
T0 = 1_796_630_400.0


def _phone(n: int, address: str = NAT) -> Device:
    return Device.of(address, f"route-{n}")


def test_a_whole_room_behind_one_address_answers_and_corrects_within_a_minute(tmp_path):
    store = QuestionStore(tmp_path / "questions")  # the default limits
    q = store.ask("cat6_share", event="Atelier", countries=("MDA", "GEO"), actor=LOCAL, now=T0)
    for n in range(150):  # 150 phones answer within the minute the question is asked
        store.answer(q.id, Answer("MDA", n % 100), actor=PHONE, device=_phone(n), now=T0 + n / 3)
    for n in range(150):  # and each corrects its answer, still within the minute
        store.answer(q.id, Answer("GEO", 10), actor=PHONE, device=_phone(n), now=T0 + 50 + n / 20)
    answers = store.answers(q.id)
    assert len(answers) == 150 and {a.iso3 for a in answers} == {"GEO"}


def test_the_address_bound_is_a_rooms_worth_and_its_refusal_names_the_address():
    limits = Limits()
    assert (limits.devices, limits.address_sends, limits.address_devices) == (200, 400, 200)
    sends: dict[str, list[float]] = {}
    for n in range(400):
        assert limits.check(sends, _phone(n % 200), T0 + n / 10, new=n < 200) == (0.0, "too_many")
        limits.count(sends, _phone(n % 200), T0 + n / 10, new=n < 200)
    wait, code = limits.check(sends, _phone(7), T0 + 40)
    assert code == "address_busy" and wait == pytest.approx(20.0)  # the first send leaves at 60 s
    said = str(Refused(PHONE, "question.answer", code, wait=wait))
    assert said == (
        "question.answer: too much sent from this network address (everyone on the same "
        "network may share it); try again in 20 s"
    )
    assert "device" not in REFUSED["address_busy"]
    # another address is not held back by this one's sends
    assert limits.check(sends, _phone(1, "198.51.100.4"), T0 + 40, new=True) == (0.0, "too_many")


def test_a_device_is_held_by_its_own_bound_first():
    limits = Limits(per_device=2, per_address=3)
    sends: dict[str, list[float]] = {}
    for at in (T0, T0 + 1):
        limits.count(sends, _phone(1), at)
    assert limits.check(sends, _phone(1), T0 + 2) == (pytest.approx(58.0), "too_many")
    assert limits.check(sends, _phone(2), T0 + 2, new=True) == (0.0, "too_many")
    limits.count(sends, _phone(2), T0 + 2, new=True)
    assert limits.check(sends, _phone(3), T0 + 3, new=True) == (pytest.approx(57.0), "address_busy")
    assert limits.check(sends, _phone(3), T0 + 61, new=True) == (0.0, "too_many")


def test_invented_route_cookies_bring_no_more_new_devices_than_the_address_may(tmp_path):
    store = QuestionStore(
        tmp_path / "questions", limits=Limits(per_device=4, new_per_address=3, devices=200)
    )
    q = store.ask("cat6_share", event="Atelier", countries=("MDA",), actor=LOCAL, now=T0)
    for n in range(3):
        store.answer(q.id, Answer("MDA", 10), actor=PHONE, device=_phone(n), now=T0 + n)
    before = store.answers(q.id)
    with pytest.raises(Refused) as refused:  # a fourth invented cookie within the minute
        store.answer(q.id, Answer("MDA", 99), actor=PHONE, device=_phone(3), now=T0 + 10)
    assert (refused.value.code, round(refused.value.wait)) == ("address_busy", 50)
    assert store.answers(q.id) == before  # nothing stored
    # a device already in may still change its answer; another address may join
    store.answer(q.id, Answer("MDA", 20), actor=PHONE, device=_phone(0), now=T0 + 11)
    store.answer(q.id, Answer("MDA", 30), actor=PHONE, device=_phone(9, "10.9.9.9"), now=T0 + 12)
    # a minute on, the first two have left the window: two more may come in, not a third
    for n in (3, 4):
        store.answer(q.id, Answer("MDA", 40), actor=PHONE, device=_phone(n), now=T0 + 61)
    with pytest.raises(Refused):
        store.answer(q.id, Answer("MDA", 50), actor=PHONE, device=_phone(5), now=T0 + 61)
    assert len(store.answers(q.id)) == 6


def test_a_route_cookie_counts_only_through_the_rooms_nginx():
    through = Connection("10.0.0.5", "room:8501", via_proxy=True)
    direct = Connection("10.0.0.5", "room:8501", via_proxy=False)
    assert Device.connecting(through, "abc") == Device.of("10.0.0.5", "abc")
    assert Device.connecting(through, "abc") != Device.connecting(through, "xyz")
    # straight to a process, any cookie is the address's one device
    assert Device.connecting(direct, "abc") == Device.connecting(direct, "xyz")
    assert Device.connecting(direct, "abc") == Device("10.0.0.5", "10.0.0.5")
    # an IPv6 device is its /64, with or without a cookie
    v6 = Device.connecting(Connection("2001:db8::1", via_proxy=True), "abc")
    assert v6.address == "2001:db8::/64" and v6.key.startswith("2001:db8::/64#")


def test_the_rooms_settings_set_the_bounds(monkeypatch):
    for name in ("SSW_CAPACITY", "SSW_PER_DEVICE", "SSW_SENDS_PER_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    got = serving.room_limits()  # nginx holds an address to 20 sessions: 20 new devices
    assert (got.devices, got.address_sends, got.address_devices) == (200, 400, 20)
    monkeypatch.setenv("SSW_PER_DEVICE", "0")  # a room behind a NAT: a whole room's worth
    monkeypatch.setenv("SSW_CAPACITY", "300")
    got = serving.room_limits()
    assert (got.devices, got.address_sends, got.address_devices) == (300, 600, 300)
    monkeypatch.setenv("SSW_SENDS_PER_ADDRESS", "900")
    assert serving.room_limits().address_sends == 900
    monkeypatch.setenv("SSW_SENDS_PER_ADDRESS", "lots")
    with pytest.raises(serving.SettingError, match="SSW_SENDS_PER_ADDRESS='lots'"):
        serving.room_limits()
