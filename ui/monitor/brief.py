"""A one-page country brief a facilitator can print and hand out: a self-contained HTML page
(no script, no external file), laid out to fit one A4 page. Every figure carries its source
and caveats, as on screen; data text is escaped by Jinja2's autoescape, so nothing from the
data can add markup."""

from __future__ import annotations

from datetime import date

import polars as pl
from jinja2 import Environment

from ssw_core.figures import Figure
from ui.base import data
from ui.base.i18n import current_lang, geo_name, t, tc
from ui.monitor import country_metrics
from ui.monitor.countries import country_table
from ui.parts.figures import category_text, figure_label, figure_text, flags, year_text
from ui.parts.sidebar import Selection

_TEMPLATE = Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ title }}</title>
<style>
 @page { size: A4; margin: 14mm; }
 body { font-family: "Source Sans", "Segoe UI", Arial, sans-serif; color: #111; font-size: 10.5pt;
        line-height: 1.35; max-width: 182mm; margin: 0 auto; }
 h1 { font-size: 20pt; margin: 0 0 2pt; } h2 { font-size: 12pt; margin: 10pt 0 4pt; }
 .sub { color: #444; margin: 0 0 8pt; }
 .nums { display: flex; gap: 8pt; margin: 6pt 0; }
 .num { flex: 1; border: 1px solid #c9d6e3; border-radius: 4pt; padding: 4pt 6pt; }
 .num b { display: block; font-size: 15pt; }
 .num span { color: #444; font-size: 9pt; }
 table { border-collapse: collapse; width: 100%; font-size: 9pt; }
 th, td { border-bottom: 1px solid #d7dee6; padding: 2pt 4pt; text-align: left;
          vertical-align: top; }
 th { background: #eef3f8; }
 .reported { color: #1f4e79; font-weight: 600; } .partial { color: #9a6700; }
 .missing { color: #777; }
 .small { font-size: 8pt; color: #444; }
 ul.small { list-style: none; padding-left: 0; margin: 2pt 0; }
</style></head><body>
<h1>{{ title }}</h1>
<p class="sub">{{ subtitle }}</p>
<div class="nums">
{% for n in numbers %}<div class="num"><span>{{ n.label }}</span><b>{{ n.value }}</b>
<span>{{ n.note }}</span></div>{% endfor %}
</div>
<h2>{{ h_indicators }}</h2>
<table><tr>{% for h in indicator_head %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in indicators %}<tr><td>{{ r.code }}</td><td>{{ r.name }}</td>
<td class="{{ r.status }}">{{ r.status_text }}</td><td>{{ r.figures }}</td></tr>{% endfor %}
</table>
<h2>{{ h_workforce }}</h2>
{% if workforce %}<table><tr>{% for h in workforce_head %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in workforce %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}
</table>{% else %}<p class="missing">{{ no_workforce }}</p>{% endif %}
<h2>{{ h_sources }}</h2>
<ul class="small">{% for s in sources %}<li>{{ s }}</li>{% endfor %}</ul>
<p class="small">{{ footer }}</p>
</body></html>
"""
)


def country_brief(iso3: str, selection: Selection) -> str:
    """The brief of one country as an HTML page, in the current language."""
    v = data.version()
    name = geo_name(iso3)
    country = country_table(v, selection)[0]
    store = data.store()
    in_use = (
        t("brief.data_shipped")
        if store.user_version is None
        else t("brief.data_uploaded", version=store.user_version[:4].lstrip("0"))
    )
    numbers = [
        {"label": m.label, "value": m.value or t("common.missing"), "note": m.note}
        for m in (
            country_metrics.population(country),
            country_metrics.children(data.children(v, iso3)),
            country_metrics.workforce(country.headline),
            country_metrics.rate_pop(country.headline),
        )
    ]
    matrix = data.coverage_matrix(v).filter(pl.col("iso3") == iso3).sort("sort_order")
    inds = {r["indicator_id"]: r for r in data.indicators(v).iter_rows(named=True)}
    indicators = [
        {
            "code": r["code"],
            "name": tc(inds[r["indicator_id"]], "name"),
            "status": r["status"],
            "status_text": t(f"coverage.{r['status']}"),
            "figures": r["n_figures"] or "",
        }
        for r in matrix.iter_rows(named=True)
    ]
    core3 = [f for f in data.core3_records(v) if f.geo == iso3]
    cited: dict[str, str] = {}

    def cite(f: Figure) -> str:
        text = f.source.citation
        cited.setdefault(text, str(len(cited) + 1))
        return f"[{cited[text]}]"

    latest_first = sorted(core3, key=lambda f: (f.year is None, -(f.year or 0)))  # stable
    workforce = [
        [
            figure_label(f),
            figure_text(f),
            year_text(f),
            category_text(f.category),
            flags(f, short=True),
            cite(f),
        ]
        for f in latest_first[:8]
    ]
    sources = sorted(cited, key=lambda s: int(cited[s]))
    sources.append(t("brief.population_sources"))
    return _TEMPLATE.render(
        lang=current_lang(),
        title=t("brief.title", country=name),
        subtitle=t(
            "brief.subtitle",
            region=t(f"regions.{country.region}"),
            date=date.today().isoformat(),
            data=in_use,
        ),
        numbers=numbers,
        h_indicators=t("country.indicators_title"),
        indicator_head=[
            t("brief.code"),
            t("table.indicator"),
            t("coverage.legend_title"),
            t("coverage.n_figures"),
        ],
        indicators=indicators,
        h_workforce=t("country.workforce_title"),
        workforce_head=[
            t("table.what"),
            t("table.figure"),
            t("table.year"),
            t("table.category"),
            t("table.flags"),
            t("table.source"),
        ],
        workforce=workforce,
        no_workforce=t("country.no_workforce"),
        h_sources=t("brief.sources"),
        sources=[f"[{cited[s]}] {s}" if s in cited else s for s in sources],
        footer=t("brief.footer"),
    )
