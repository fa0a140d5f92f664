"""Step 2 of Your data: a file uploaded, read and checked row by row (errors block, warnings
inform), a preview of what it would change, and the commit that makes it a new version."""

from __future__ import annotations

import hashlib
from datetime import date

import polars as pl
import streamlit as st

from ssw_core import uploads
from ssw_core.access import AccessDenied
from ssw_core.storage import NotSaved
from ssw_core.userstore import ChangedSinceError, UserDataError, UserStore
from ui.base import data, session
from ui.base.i18n import fmt_num, geo_name, t, tn
from ui.base.markdown import md_escape
from ui.base.memo import shared
from ui.parts import access
from ui.parts.place import show_table
from ui.uploads.labels import (
    breakdown_text,
    measure_label,
    problem_text,
    value_text,
    version_label,
)
from ui.uploads.versions import announce

_UPLOADER = session.Key[object](
    "uploader-", __name__, family=True, doc="the file uploader (a new one after each commit)"
)
_UPLOADER_N = session.Key[int]("_upload_n", __name__, doc="which file uploader is shown")
_PREVIEWED = session.Key[str | None | bool](
    "_upload_previewed_against",
    __name__,
    doc="the version in use when the preview was shown (a commit against another fails)",
)


@shared(maxsize=4, key=lambda version, digest, content, filename: (version, digest, filename))
def _check(version: str, digest: str, content: bytes, filename: str) -> uploads.Validation:
    """A file's check, once per content for every session (a rerun of the page, or the same
    file in another tab, does not read it again)."""
    table = uploads.read_table(content, filename)
    countries = data.countries(version)["iso3"].to_list()
    return uploads.validate(table, countries, date.today().year)


def upload_section(version: str, user: UserStore) -> None:
    n = _UPLOADER_N.get(0) or 0
    file = st.file_uploader(
        t("upload.choose"),
        type=["csv", "xlsx", "txt"],
        key=_UPLOADER.item(n),
        max_upload_size=uploads.MAX_BYTES // 10**6,
        help=t("upload.choose_help", mb=uploads.MAX_BYTES // 10**6),
    )
    if file is None:
        return
    content = file.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    result = _check(version, digest, content, file.name)
    table_detail = result.detail
    st.caption(
        t(
            "upload.read_summary",
            file=md_escape(file.name),
            read=fmt_num(result.rows_read),
            rows=fmt_num(result.figures.height),
            skipped=fmt_num(result.skipped_empty),
        )
        + (f" · {md_escape(table_detail)}" if table_detail else "")
    )
    if result.errors:
        st.error(tn("upload.has_errors", len(result.errors)), icon=":material/block:")
        show_table(problems_frame(result.errors), "upload-errors")
    if result.warnings:
        st.warning(tn("upload.has_warnings", len(result.warnings)), icon=":material/warning:")
        show_table(problems_frame(result.warnings), "upload-warnings")
    if not result.ok:
        st.info(t("upload.nothing_changed"), icon=":material/shield:")
        return
    # The version the user sees this preview against; a commit made against another fails.
    seen_before = _PREVIEWED.get(False)
    parent = user.current_id() if _readable(user) else None
    _PREVIEWED.set(parent)
    previous = None if parent is None else user.figures(parent)
    change = uploads.preview(result.figures, data.known_figures(version), previous)
    counts = change["change"].value_counts()
    by_kind = dict(zip(counts["change"], counts["count"], strict=True))
    st.markdown(
        t(
            "upload.preview_summary",
            **{k: fmt_num(by_kind.get(k, 0)) for k in ("new", "replaces", "same", "removed")},
            countries=", ".join(
                geo_name(c) for c in sorted(result.figures["country"].unique().to_list())
            ),
        )
    )
    show_table(preview_frame(change), "upload-preview")
    why_not = access.reason("upload")
    if why_not:
        st.info(why_not, icon=":material/lock:")
    if st.button(
        t("upload.commit"),
        type="primary",
        icon=":material/publish:",
        disabled=bool(why_not),
        help=why_not or None,
    ):
        try:
            v = user.commit(
                result.figures,
                content,
                file.name,
                table_detail,
                actor=access.actor(),
                expected_parent=seen_before,
            )
        except AccessDenied as exc:
            st.error(access.denied_text(exc), icon=":material/lock:")
            return
        except ChangedSinceError:
            st.error(t("upload.problem.changed_since_preview"), icon=":material/sync_problem:")
            return
        except NotSaved as exc:
            st.error(access.not_saved_text(exc), icon=":material/error:")
            return
        except (OSError, UserDataError) as exc:
            st.error(t("upload.commit_failed", reason=md_escape(str(exc))), icon=":material/error:")
            return
        _UPLOADER_N.set(n + 1)
        announce(tn("upload.committed", v.n_uploaded, id=version_label(v.id)))
        st.rerun()


def _readable(user: UserStore) -> bool:
    try:
        user.current_id()
    except UserDataError:
        return False
    return True


def problems_frame(problems: tuple[uploads.Problem, ...]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                t("upload.col.row"): "" if p.row is None else str(p.row),
                t("upload.col.column"): md_escape(p.column or ""),
                t("upload.col.problem"): md_escape(problem_text(p)),
            }
            for p in problems
        ]
    )


def preview_frame(change: pl.DataFrame) -> pl.DataFrame:
    rows = []
    for r in change.iter_rows(named=True):
        rows.append(
            {
                t("upload.col.change"): t(f"upload.change.{r['change']}"),
                t("upload.col.row"): "" if r["row"] is None else str(r["row"]),
                t("table.country"): md_escape(geo_name(r["country"])),
                t("upload.col.label"): md_escape(measure_label(r["measure"])),
                t("table.category"): "" if r["category"] is None else str(r["category"]),
                t("upload.col.breakdown"): md_escape(breakdown_text(r["breakdown"])),
                t("table.year"): str(r["year"]),
                t("upload.col.value"): md_escape(value_text(r["value"], r["unit"])),
                t("upload.col.now"): md_escape(r["now"] or ""),
            }
        )
    return pl.DataFrame(rows)
