"""The 'Your data' page, piece by piece: the template, an upload checked row by row with a
preview of what changes, and the history of versions with rollback. The work is done by
ssw_core.uploads (reading, checking) and ssw_core.userstore (versions); this only shows it."""

from __future__ import annotations

import hashlib
from datetime import date

import polars as pl
import streamlit as st

from ssw_core import export, uploads
from ssw_core.store import Store
from ssw_core.userstore import ChangedSinceError, UserDataError, UserStore, Version
from ui import components, data
from ui.components import md_escape
from ui.i18n import fmt_auto, fmt_num, in_language, t

_UPLOADER_N = "_upload_n"
_PREVIEWED = "_upload_previewed_against"
_DONE = "_upload_done"


def measure_label(measure: str) -> str:
    return t(f"upload.measure.{measure}")


def problem_text(p: uploads.Problem) -> str:
    return t(f"upload.problem.{p.code}", **{k: v for k, v in p.args.items()})


# --- what is in use -------------------------------------------------------------------------


def status(store: Store, user: UserStore) -> None:
    if store.user_error:
        st.error(t("upload.user_error"), icon=":material/error:")
        st.code(store.user_error, language=None)
        return
    if store.user_version is None:
        st.info(t("upload.using_shipped"), icon=":material/inventory_2:")
        return
    try:
        versions = user.versions()
    except (OSError, UserDataError) as exc:
        st.error(t("upload.user_error"), icon=":material/error:")
        st.code(str(exc), language=None)
        return
    v = next((x for x in versions if x.id == store.user_version and not x.problem), None)
    if v is not None:
        st.success(
            t("upload.using_version", id=version_label(v.id), when=_when(v.created),
              file=md_escape(v.filename), n=fmt_num(v.n_figures),
              countries=", ".join(components.geo_name(c) for c in _countries_of(v, user))),
            icon=":material/upload_file:",
        )  # fmt: skip


def _countries_of(v: Version, user: UserStore) -> list[str]:
    try:
        return sorted(user.figures(v.id)["country"].unique().to_list())
    except UserDataError:
        return list(v.countries)


def _when(created: str) -> str:
    return created.replace("T", " ").replace("Z", " UTC")


# --- 1. the template ------------------------------------------------------------------------


def template_frame(iso3s: tuple[str, ...]) -> pl.DataFrame:
    names = components.country_names()
    store = data.store()
    mine = None
    if store.user_version is not None:
        try:
            mine = store.user.figures(store.user_version)
        except UserDataError:
            mine = None
    return uploads.template(
        [(c, names[c]) for c in iso3s],
        data.known_figures(data.version()),
        labels={m.id: measure_label(m.id) for m in uploads.MEASURES},
        uploaded=mine,
    )


def instructions() -> list[str]:
    lines = [t("upload.instructions.title"), ""]
    lines += [t(f"upload.instructions.line{i}") for i in range(1, 9)]
    lines += ["", t("upload.instructions.columns")]
    lines += [f"{c}: {t(f'upload.column.{c}')}" for c in uploads.TEMPLATE_COLUMNS]
    return lines


def measures_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "measure": m.id,
                t("upload.col.label"): measure_label(m.id),
                t("upload.col.indicator"): components.indicator_code(m.indicator_id)
                or t("upload.context"),
                # A code of the file format (like the column names): shown as code, untranslated.
                t("upload.col.unit"): t("upload.unit_currency", unit=f"`{m.unit}`")
                if m.kind == "money"
                else f"`{m.unit}`",
                t("upload.col.values"): t(f"upload.kind.{m.kind}"),
                t("upload.col.categories"): ", ".join(map(str, m.categories))
                + (f" ({t('upload.required')})" if m.category_required else ""),
                t("upload.col.breakdowns"): ", ".join(m.breakdowns),
            }
            for m in uploads.MEASURES
        ]
    )


def template_section(iso3s: tuple[str, ...], single: str | None) -> None:
    st.markdown(
        t("upload.template_one", country=components.geo_name(single))
        if single
        else t("upload.template_many", n=len(iso3s))
    )
    slug = single or f"{len(iso3s)}-countries"
    cols = st.columns([1, 1, 3])
    with cols[0]:
        st.download_button(
            t("upload.template_xlsx"),
            in_language(lambda: template_xlsx(iso3s)),
            file_name=f"ssw-template-{slug}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/grid_on:",
            on_click="ignore",
            type="primary",
        )
    with cols[1]:
        st.download_button(
            t("upload.template_csv"),
            in_language(lambda: export.csv_bytes(template_frame(iso3s))),
            file_name=f"ssw-template-{slug}.csv",
            mime="text/csv",
            icon=":material/table:",
            on_click="ignore",
        )
    with st.expander(t("upload.how_to_fill")):
        st.markdown("\n".join(f"- {line}" for line in instructions()[2:10]))
        st.markdown(f"**{t('upload.instructions.columns')}**")
        components.show_table(
            pl.DataFrame(
                {
                    t("upload.col.column"): list(uploads.TEMPLATE_COLUMNS),
                    t("upload.col.meaning"): [
                        t(f"upload.column.{c}") for c in uploads.TEMPLATE_COLUMNS
                    ],
                }
            ),
            "template-columns",
        )
        st.markdown(f"**{t('upload.measures_title')}**")
        components.show_table(measures_frame(), "template-measures")


def template_xlsx(iso3s: tuple[str, ...]) -> bytes:
    frame = template_frame(iso3s)
    allowed = {
        "country": sorted(data.countries(data.version())["iso3"].to_list()),
        "measure": [m.id for m in uploads.MEASURES],
        "sex": list(uploads.BREAKDOWNS["sex"]),
        "area": list(uploads.BREAKDOWNS["area"]),
        "client_group": list(uploads.BREAKDOWNS["client_group"]),
        "reliability": list(uploads.RELIABILITIES),
    }
    return export.xlsx_bytes(
        {"data": frame, "measures": components.plain_frame(measures_frame())},
        notes={"instructions": instructions()},
        lists={column: ("lists", values) for column, values in allowed.items()},
    )


# --- 2. an upload ---------------------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def _check(version: str, digest: str, content: bytes, filename: str) -> uploads.Validation:
    table = uploads.read_table(content, filename)
    countries = data.countries(version)["iso3"].to_list()
    return uploads.validate(table, countries, date.today().year)


def upload_section(version: str, user: UserStore) -> None:
    n = st.session_state.get(_UPLOADER_N, 0)
    file = st.file_uploader(
        t("upload.choose"),
        type=["csv", "xlsx", "txt"],
        key=f"uploader-{n}",
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
        t("upload.read_summary", file=md_escape(file.name), read=fmt_num(result.rows_read),
          rows=fmt_num(result.figures.height), skipped=fmt_num(result.skipped_empty))
        + (f" · {md_escape(table_detail)}" if table_detail else "")
    )  # fmt: skip
    if result.errors:
        st.error(t("upload.has_errors", n=fmt_num(len(result.errors))), icon=":material/block:")
        components.show_table(problems_frame(result.errors), "upload-errors")
    if result.warnings:
        st.warning(t("upload.has_warnings", n=fmt_num(len(result.warnings))),
                   icon=":material/warning:")  # fmt: skip
        components.show_table(problems_frame(result.warnings), "upload-warnings")
    if not result.ok:
        st.info(t("upload.nothing_changed"), icon=":material/shield:")
        return
    # The version the user sees this preview against; a commit made against another fails.
    seen_before = st.session_state.get(_PREVIEWED, False)
    parent = user.current_id() if _readable(user) else None
    st.session_state[_PREVIEWED] = parent
    previous = None if parent is None else user.figures(parent)
    change = uploads.preview(result.figures, data.known_figures(version), previous)
    counts = change["change"].value_counts()
    by_kind = dict(zip(counts["change"], counts["count"], strict=True))
    st.markdown(
        t("upload.preview_summary", **{k: fmt_num(by_kind.get(k, 0)) for k in
                                       ("new", "replaces", "same", "removed")},
          countries=", ".join(components.geo_name(c) for c in
                              sorted(result.figures["country"].unique().to_list())))
    )  # fmt: skip
    components.show_table(preview_frame(change), "upload-preview")
    if st.button(t("upload.commit"), type="primary", icon=":material/publish:"):
        try:
            v = user.commit(result.figures, content, file.name, table_detail,
                            expected_parent=seen_before)  # fmt: skip
        except ChangedSinceError:
            st.error(t("upload.problem.changed_since_preview"), icon=":material/sync_problem:")
            return
        except (OSError, UserDataError) as exc:
            st.error(t("upload.commit_failed", reason=md_escape(str(exc))), icon=":material/error:")
            return
        st.session_state[_UPLOADER_N] = n + 1
        st.session_state[_DONE] = t(
            "upload.committed", id=version_label(v.id), n=fmt_num(v.n_uploaded)
        )
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
                t("table.country"): md_escape(components.geo_name(r["country"])),
                t("upload.col.label"): md_escape(measure_label(r["measure"])),
                t("table.category"): "" if r["category"] is None else str(r["category"]),
                t("upload.col.breakdown"): md_escape(breakdown_text(r["breakdown"])),
                t("table.year"): str(r["year"]),
                t("upload.col.value"): md_escape(value_text(r["value"], r["unit"])),
                t("upload.col.now"): md_escape(r["now"] or ""),
            }
        )
    return pl.DataFrame(rows)


def value_text(value: str, unit: str) -> str:
    """'15,750 cases', 'yes': a previewed value as the pages will show it."""
    if unit == "yes/no":
        return t("common.yes") if value == "yes" else t("common.no")
    try:
        return f"{fmt_auto(float(value))} {unit}"
    except ValueError:
        return f"{value} {unit}"


def version_label(version_id: str) -> str:
    return t("upload.version_label", n=int(version_id[:4]))


def breakdown_text(breakdown: str | None) -> str:
    if not breakdown:
        return ""
    return ", ".join(t(f"upload.breakdown.{b.strip()}") for b in breakdown.split(","))


# --- 3. versions ----------------------------------------------------------------------------


def history_section(store: Store, user: UserStore) -> None:
    try:
        versions = user.versions()
    except UserDataError as exc:
        st.error(t("upload.user_error"), icon=":material/error:")
        st.code(str(exc), language=None)
        return
    if not versions:
        st.caption(t("upload.no_versions"))
        return
    in_use = store.user_version
    table = pl.DataFrame(
        [
            {
                t("upload.col.version"): version_label(v.id)
                + (f" ({t('upload.in_use')})" if v.id == in_use else "")
                + (f" ({t('upload.unreadable')})" if v.problem else ""),
                t("upload.col.when"): _when(v.created),
                t("upload.col.file"): md_escape(v.filename),
                t("upload.col.countries"): ", ".join(v.countries),
                t("upload.col.uploaded"): v.n_uploaded,
                t("upload.col.total"): v.n_figures,
            }
            for v in reversed(versions)
        ]
    )  # fmt: skip
    components.show_table(table, "versions")
    ids = [v.id for v in reversed(versions) if not v.problem]
    if not ids:
        return
    cols = st.columns([2, 1, 1], vertical_alignment="bottom")
    with cols[0]:
        chosen = st.selectbox(
            t("upload.pick_version"), ids, key="pick_version", format_func=version_label
        )
    with cols[1]:
        if st.button(t("upload.use_version"), disabled=chosen == in_use, icon=":material/history:"):
            _switch(user, chosen)
    with cols[2]:
        if st.button(t("upload.use_shipped"), disabled=in_use is None,
                     icon=":material/inventory_2:"):  # fmt: skip
            _switch(user, None)
    original = user.original(chosen)
    if original is not None:
        st.download_button(
            t("upload.download_original"),
            original[1],
            file_name=original[0],
            icon=":material/download:",
            on_click="ignore",
        )
    log = user.history()
    if log:
        with st.expander(t("upload.log_title")):
            components.show_table(
                pl.DataFrame(
                    [
                        {
                            t("upload.col.when"): _when(str(e.get("at", ""))),
                            t("upload.col.action"): t(f"upload.action.{e.get('action')}"),
                            t("upload.col.version"): version_label(str(e["version"]))
                            if str(e.get("version", ""))[:4].isdigit()
                            else t("upload.shipped_only"),
                        }
                        for e in reversed(log)
                        if e.get("action") in ("upload", "use")
                    ]
                ),
                "upload-log",
            )


def _switch(user: UserStore, version_id: str | None) -> None:
    try:
        user.activate(version_id)
    except (OSError, UserDataError) as exc:
        st.error(t("upload.commit_failed", reason=md_escape(str(exc))), icon=":material/error:")
        return
    st.session_state[_DONE] = (
        t("upload.now_shipped")
        if version_id is None
        else t("upload.now_version", id=version_label(version_id))
    )
    st.rerun()


def flash() -> None:
    """The outcome of the last commit or switch (set before the rerun that shows it)."""
    done = st.session_state.pop(_DONE, None)
    if done:
        st.success(done, icon=":material/check_circle:")
