"""Step 1 of Your data: the template for the countries in view, as Excel (with drop-downs and
instructions) or CSV, pre-filled with what the dashboard shows today and with the uploaded
figures in use, and the description of every column and measure."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core import export, uploads
from ssw_core.userstore import UserDataError
from ui.base import data
from ui.base.i18n import country_names, geo_name, in_language, t
from ui.parts.figures import indicator_code
from ui.parts.place import plain_frame, show_table
from ui.uploads.labels import measure_label


def template_frame(iso3s: tuple[str, ...]) -> pl.DataFrame:
    names = country_names()
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


def measures_frame(*, markdown: bool = True) -> pl.DataFrame:
    """Every measure of the template: its label, indicator, unit, values, categories and
    breakdowns. `markdown`: codes in backticks (for the page's tables, not for a file)."""

    def code(text: str) -> str:
        return f"`{text}`" if markdown else text

    return pl.DataFrame(
        [
            {
                "measure": m.id,
                t("upload.col.label"): measure_label(m.id),
                t("upload.col.indicator"): indicator_code(m.indicator_id) or t("upload.context"),
                # A code of the file format (like the column names): shown as code, untranslated.
                t("upload.col.unit"): t("upload.unit_currency", unit=code(m.unit))
                if m.kind == "money"
                else code(m.unit),
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
        t("upload.template_one", country=geo_name(single))
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
        show_table(
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
        show_table(measures_frame(), "template-measures")


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
        {"data": frame, "measures": plain_frame(measures_frame(markdown=False))},
        notes={"instructions": instructions()},
        lists={column: ("lists", values) for column, values in allowed.items()},
        # the column names are codes the upload reads; what each means, in the page's language
        headers={c: t(f"upload.column.{c}") for c in uploads.TEMPLATE_COLUMNS},
    )
