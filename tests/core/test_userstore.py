"""Versions of uploaded figures: immutable, atomic, reversible, and what the Store shows."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest

from ssw_core import baseline, derive, export, queries, uploads
from ssw_core.access import LOCAL
from ssw_core.store import Store
from ssw_core.userstore import UserDataError, UserStore

REPO = Path(__file__).resolve().parents[2]
HEADER = "country,measure,category,year,value,unit,source_title,source_publisher"


def figures(*rows: str) -> pl.DataFrame:
    content = ("\n".join([HEADER, *rows]) + "\n").encode()
    v = uploads.validate(uploads.read_table(content, "f.csv"), ("MDA", "XKX"), 2026)
    assert v.ok, v.problems
    return v.figures


MDA = figures(
    "MDA,staff,1,2025,640,persons,Admin data,Ministry",
    "MDA,staff,6,2025,410,persons,Admin data,Ministry",
    "MDA,leavers,1,2025,64,persons per year,Admin data,Ministry",
    "MDA,caseholding_staff,,2025,1050,persons,Admin data,Ministry",
    "MDA,open_cases,,2025,15750,cases,Admin data,Ministry",
)


def test_commit_switch_and_rollback(tmp_path):
    user = UserStore(tmp_path)
    assert user.current_id() is None and user.versions() == []
    first = user.commit(MDA, b"first", "mda.csv", actor=LOCAL)
    second = user.commit(
        figures("XKX,staff,1,2025,12,persons,KOMF,KOMF"), b"2", "xkx.xlsx", actor=LOCAL
    )
    assert [v.id for v in user.versions()] == [first.id, second.id]
    assert second.parent == first.id and second.countries == ("XKX",)
    # the second version keeps Moldova's figures and adds Kosovo's
    assert sorted(user.current_figures()["country"].unique().to_list()) == ["MDA", "XKX"]
    user.activate(first.id, actor=LOCAL)
    assert user.current_id() == first.id
    assert user.current_figures()["country"].unique().to_list() == ["MDA"]
    user.activate(None, actor=LOCAL)
    assert user.current_id() is None
    assert [e["action"] for e in user.history()] == ["upload", "upload", "use", "use"]
    # versions are immutable: the original file is kept as uploaded
    assert (user.versions_dir / first.id / "upload.csv").read_bytes() == b"first"
    assert user.original(first.id) == ("mda.csv", b"first")  # what the page offers
    assert user.original(second.id) == ("xkx.xlsx", b"2")
    assert user.original("../../etc") is None and user.original("9999-20260101T000000Z") is None


def test_the_store_shows_uploaded_figures_first(tmp_path):
    user = UserStore(tmp_path)
    user.commit(MDA, b"x", "mda.csv", actor=LOCAL)
    store = Store(REPO / "data", tmp_path)
    assert store.user_version is not None and store.user_error is None
    obs = queries.observations(store, geo="MDA").filter(pl.col("origin") == "uploaded")
    assert obs.height == 5
    p = baseline.propose_baseline(store, "MDA")
    # S1 and S6 straight from the uploaded staff by category (not the shipped 50 % guess)
    assert (p.s1.value, p.s6.value, p.s1.origin) == (640, 410, "sourced")
    # attrition of S1 = 64 leavers / 640 in post = 10 % a year
    assert p.flows["attrition_s1"].value == pytest.approx(0.10)
    d = derive.derived_values(store).filter(pl.col("geo") == "MDA")
    values = dict(zip(d["formula"], d["value"], strict=True))
    assert values["turnover_rate"] == pytest.approx(0.10)
    assert values["average_caseload"] == pytest.approx(15.0)  # 15,750 / 1,050


def test_a_broken_user_folder_leaves_the_shipped_data_usable(tmp_path):
    user = UserStore(tmp_path)
    (tmp_path / "current").write_text("0042-20260101T000000Z\n")
    with pytest.raises(UserDataError, match="does not exist"):
        user.current_id()
    store = Store(REPO / "data", tmp_path)
    assert store.user_error and "does not exist" in store.user_error
    assert queries.observations(store).filter(pl.col("origin") == "uploaded").is_empty()
    assert (tmp_path / "current").read_text() == "0042-20260101T000000Z\n"  # not repaired


def test_a_corrupt_version_file_is_reported_not_loaded(tmp_path):
    user = UserStore(tmp_path)
    v = user.commit(MDA, b"x", "mda.csv", actor=LOCAL)
    (user.versions_dir / v.id / "figures.parquet").write_bytes(b"PAR1 broken")
    store = Store(REPO / "data", tmp_path)
    assert store.user_error and "figures.parquet" in store.user_error


_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import polars as pl
    import ssw_core.userstore as us
    from ssw_core.access import LOCAL

    step, calls = int(sys.argv[2]), [0]

    def point():
        calls[0] += 1
        if calls[0] == step:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no flush: a crash

    def wrap(fn):
        def inner(*args, **kwargs):
            point()
            result = fn(*args, **kwargs)
            point()
            return result
        return inner

    us.storage.sync = wrap(us.storage.sync)
    us.storage.prepare = wrap(us.storage.prepare)
    us.os.rename = wrap(os.rename)
    us.os.replace = wrap(os.replace)
    pl.DataFrame.write_parquet = wrap(pl.DataFrame.write_parquet)
    Path.write_bytes = wrap(Path.write_bytes)
    Path.write_text = wrap(Path.write_text)
    us.UserStore(Path(sys.argv[1])).commit(pl.read_parquet(sys.argv[3]), b"new", "new.csv",
                                           actor=LOCAL)
    """
)


def test_killing_the_writer_at_any_point_leaves_a_complete_version(tmp_path):
    user = UserStore(tmp_path / "user")
    old = user.commit(MDA, b"old", "old.csv", actor=LOCAL)
    old_figures = user.current_figures()
    new = figures("MDA,staff,1,2025,700,persons,Census,Statistics office")
    new_path = tmp_path / "new.parquet"
    new.write_parquet(new_path)
    script = tmp_path / "killer.py"
    script.write_text(_KILLER)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = 0
    for step in range(1, 200):
        proc = subprocess.run(
            [sys.executable, str(script), str(user.root), str(step), str(new_path)],
            env=env,
            capture_output=True,
            timeout=60,
        )
        if proc.returncode == 0:
            break
        assert proc.returncode == -9, proc.stderr.decode()[-2000:]
        killed += 1
        # Whatever the moment of the crash, the version in use is complete: the old one, or
        # (killed after the switch) the new one; never half of either.
        current = user.current_figures()
        assert current is not None
        if user.current_id() == old.id:
            assert current.equals(old_figures)
        else:
            assert current["value"].to_list() == [700.0]
            user.activate(old.id, actor=LOCAL)  # back, for the next step
        assert Store(REPO / "data", user.root).user_error is None
    print(f"crash points: {killed}")
    assert killed >= 8, "the crash points must cover the whole commit"
    assert user.current_figures()["value"].to_list() == [700.0]
    # the next commit clears what crashed commits left behind
    user.commit(MDA, b"again", "again.csv", actor=LOCAL)
    assert not list(user.versions_dir.glob(".tmp-*"))
    assert not list(user.root.glob(".current-*")) and not list(user.root.glob(".current.*.tmp"))


def test_two_writers_take_turns(tmp_path):
    # The lock serialises commits: both versions exist, numbered one after the other.
    user = UserStore(tmp_path)
    code = (
        "import sys, polars as pl; from pathlib import Path; import ssw_core.userstore as us;"
        "from ssw_core.access import LOCAL;"
        "us.UserStore(Path(sys.argv[1])).commit(pl.read_parquet(sys.argv[2]), b'x', 'x.csv',"
        " actor=LOCAL)"
    )
    MDA.write_parquet(tmp_path / "f.parquet")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", code, str(tmp_path), str(tmp_path / "f.parquet")]
    procs = [subprocess.Popen(args, env=env) for _ in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    assert [v.id[:4] for v in user.versions()] == ["0001", "0002", "0003"]


def test_a_breakdown_or_one_category_never_stands_for_the_total(tmp_path):
    # Found by review: women's staff of a later year beat the total in the headline, one
    # category's case-holders gave the caseload, paraprofessionals' pay the Core 7 ratio.
    user = UserStore(tmp_path)
    user.commit(
        figures(
            "MDA,staff,1,2023,1000,persons,Census,Statistics",
            "MDA,caseholding_staff,,2025,1050,persons,A,B",
            "MDA,open_cases,,2025,15750,cases,A,B",
            "MDA,pay_sw,3,2025,60000,MDL,Wages,NBS",
            "MDA,pay_teachers,,2025,120000,MDL,Wages,NBS",
            "MDA,required_posts,1,2025,50,posts,Plan,Ministry",
        ).vstack(
            uploads.validate(
                uploads.read_table(
                    (
                        HEADER + ",sex\nMDA,staff,1,2024,300,persons,Census,Statistics,female\n"
                        "MDA,caseholding_staff,1,2025,200,persons,A,B,\n"
                    ).encode(),
                    "g.csv",
                ),
                ("MDA",),
                2026,
            ).figures.with_columns(pl.col("row") + 100)
        ),
        b"x",
        "mda.csv",
        actor=LOCAL,
    )
    store = Store(REPO / "data", tmp_path)
    from ssw_core import workforce

    head = workforce.headline_figures(store).filter(pl.col("geo") == "MDA").row(0, named=True)
    assert (head["value"], head["origin"], head["sex"]) == (1000.0, "uploaded", None)
    rates = workforce.core3_figures(store).filter(pl.col("sex") == "female")
    assert rates["rate_pop"].to_list() == [None]  # no rate per population for women alone
    d = derive.derived_values(store).filter(pl.col("geo") == "MDA")
    values = dict(zip(d["formula"], d["value"], strict=True))
    assert values["average_caseload"] == pytest.approx(15.0)  # 15,750 / 1,050, not / 200
    assert "pay_ratio_teachers" not in values  # category 3 pay is not social workers' pay
    p = baseline.propose_baseline(store, "MDA")
    assert p.required_posts.value is None  # category 1 posts only: not the national need


def test_an_uploaded_figure_shows_over_a_newer_shipped_one(tmp_path):
    user = UserStore(tmp_path)
    user.commit(
        figures("MDA,staff,1,2023,900,persons,Census,Statistics"), b"x", "m.csv", actor=LOCAL
    )
    from ssw_core import workforce

    store = Store(REPO / "data", tmp_path)
    head = workforce.headline_figures(store).filter(pl.col("geo") == "MDA").row(0, named=True)
    assert (head["value"], head["year"]) == (900.0, 2023)  # the shipped 2025 figure is older news


def test_a_commit_prepared_against_another_version_is_refused(tmp_path):
    from ssw_core.userstore import ChangedSinceError

    user = UserStore(tmp_path)
    seen = user.current_id()  # the user previews against the shipped data
    other = user.commit(
        MDA, b"x", "someone-else.csv", actor=LOCAL
    )  # meanwhile, another session saves
    with pytest.raises(ChangedSinceError):
        user.commit(MDA, b"y", "mine.csv", expected_parent=seen, actor=LOCAL)
    assert user.current_id() == other.id and len(user.versions()) == 1
    user.commit(MDA, b"y", "mine.csv", expected_parent=other.id, actor=LOCAL)
    assert len(user.versions()) == 2


def test_one_damaged_manifest_does_not_hide_the_other_versions(tmp_path):
    user = UserStore(tmp_path)
    first = user.commit(MDA, b"x", "a.csv", actor=LOCAL)
    second = user.commit(MDA, b"y", "b.csv", actor=LOCAL)
    (user.versions_dir / first.id / "manifest.json").write_text("{broken")
    versions = user.versions()
    assert [v.id for v in versions] == [first.id, second.id]
    assert versions[0].problem and not versions[1].problem
    assert user.current_id() == second.id


def test_the_template_brings_back_the_figures_in_use(tmp_path, store):
    user = UserStore(tmp_path)
    extra = figures("MDA,staff,1,2022,600,persons,Census,Statistics")
    both = pl.concat([MDA, extra.with_columns(pl.col("row") + 50)])
    user.commit(both, b"x", "m.csv", actor=LOCAL)
    current = user.current_figures()
    known = uploads.known_figures(queries.observations(Store(REPO / "data", tmp_path), geo="MDA"))
    frame = uploads.template([("MDA", "Moldova")], known, uploaded=current)
    # download, upload back unchanged: the same figures, nothing removed
    v = uploads.validate(uploads.read_table(export.csv_bytes(frame), "t.csv"), ("MDA",), 2026)
    assert v.ok, v.problems
    change = uploads.preview(v.figures, known, current)
    assert "removed" not in change["change"].to_list()
    assert sorted(v.figures["value"].to_list()) == sorted(current["value"].to_list())
