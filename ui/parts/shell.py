"""The app shell: the page list, the navigation, and the guard every page starts with.

Why the guard: while a `pages/` folder exists, Streamlit starts each server process in its
legacy multipage mode, which it leaves only when some script calls st.navigation(). If the
first request to a fresh server is a deep link (a prepared `/plan?region=eca`), legacy mode
runs `pages/plan.py` on its own, without app.py. `start_page()` notices that app.py has not
run in this session, calls st.navigation() itself (which ends legacy mode for the process) and
reruns, so the same URL is served by app.py. File stems therefore equal URL paths: legacy
mode must find the file the URL names, or it shows a 'page not found' dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from ui.base import session
from ui.base.i18n import t

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"
_SHELL_RAN = session.Key[bool](
    "_shell_ran", __name__, survives_slide=True, doc="app.py has run in this session"
)


@dataclass(frozen=True)
class PageSpec:
    section: str  # i18n key under nav.section
    name: str  # file pages/<name>.py, URL path /<name>, i18n key nav.<name>
    default: bool = False

    @property
    def file(self) -> Path:
        return PAGES_DIR / f"{self.name}.py"


ROOT_TWIN = "home"
"""The URL name Streamlit reserves for the root's page (served at '/', never linked)."""

PAGES: tuple[PageSpec, ...] = (
    PageSpec("monitor", "overview", default=True),
    PageSpec("monitor", "country"),
    PageSpec("ahead", "scenario"),
    PageSpec("pillars", "define"),
    PageSpec("pillars", "plan"),
    PageSpec("pillars", "develop"),
    PageSpec("pillars", "support"),
    PageSpec("pillars", "allied"),
    PageSpec("reference", "sources"),
    PageSpec("reference", "data"),
    PageSpec("workshop", "present"),
    PageSpec("workshop", "board"),
    PageSpec("workshop", "questions"),
)


def navigation() -> tuple[Any, str, dict[str, list[Any]]]:
    """Declare the pages (titles in the current language), grouped in sections. Returns the
    page to run, its name, and the sections for `menu`. Streamlit draws no menu of its own:
    its menu always tops the sidebar, and the language picker comes first (`menu`)."""
    sections: dict[str, list[Any]] = {}
    names: dict[int, str] = {}
    for spec in PAGES:
        title = t(f"nav.{spec.name}")
        page = st.Page(spec.file, title=title, url_path=spec.name)
        names[id(page)] = spec.name
        section = sections.setdefault(t(f"nav.section.{spec.section}"), [])
        section.append(page)
        if spec.default:
            # Streamlit serves its default page at the root only, and answers the page's own
            # name ('/overview', as slide links and bookmarks write it) with 'Page not found'.
            # So the default is a hidden twin at the root, and the page itself keeps its
            # name; the twin comes after it, so links and switches by file find the page.
            root = st.Page(
                spec.file, title=title, url_path=ROOT_TWIN, default=True, visibility="hidden"
            )
            names[id(root)] = spec.name
            section.append(root)
    chosen = st.navigation(sections, position="hidden")
    return chosen, names.get(id(chosen), PAGES[0].name), sections


def menu(sections: dict[str, list[Any]]) -> None:
    """The page list in the sidebar, under the language picker: each section's name, then
    its pages (the hidden root twin is not listed; the current page is highlighted)."""
    with st.sidebar.container(key="page_menu"):
        for header, pages in sections.items():
            st.caption(header)
            for page in pages:
                if page.visibility != "hidden":
                    st.page_link(page)


# Static: no data is ever put into it. Figures and titles wrap rather than being cut or broken
# inside a word on a phone (390 px) or a narrow projector column.
_CSS = """
<style>
[data-testid="stMetricValue"] > div, [data-testid="stMetricLabel"] p,
[data-testid="stMetricDelta"] > div, [data-testid="stMetricValue"] p,
[data-testid="stMetricDelta"] p { white-space: normal; overflow: visible;
  text-overflow: clip; overflow-wrap: normal; word-break: normal; }
h1, h2, h3 { overflow-wrap: normal; word-break: normal; }
/* a table fits its column: a word longer than its cell's share breaks (at 1280 px in Russian
   the Overview's sources were off the table's right edge, behind a scroll bar 30 rows down) */
[data-testid="stTable"] td p { overflow-wrap: anywhere !important; }
/* a column's name keeps its words whole ('Стр|ана', 'Yea|r' broke on a slide): it sets the
   column's least width, which a name of one or two words can afford */
[data-testid="stTable"] th p { overflow-wrap: normal !important; word-break: normal !important; }
/* a link in the page (to the Scenario lab) wraps on a phone instead of being cut */
.stMain [data-testid="stPageLink-NavLink"] span, .stMain [data-testid="stPageLink-NavLink"] p {
  white-space: normal; overflow: visible; text-overflow: clip; }
/* less empty band above the title: the Overview's map shows above the fold at 1280 x 720 */
.stMainBlockContainer { padding-top: 4rem; }
@media (max-width: 640px) {
  /* a table's rows as cards, each cell under its column's name (ui.parts.place.show_table) */
  [data-testid="stTable"] thead { display: none; }
  [data-testid="stTable"] table, [data-testid="stTable"] tbody, [data-testid="stTable"] tr,
  [data-testid="stTable"] td { display: block; width: 100%; }
  [data-testid="stTable"] tr { padding: 0.5rem 0; border-bottom: 2px solid rgba(49, 51, 63, 0.25); }
  [data-testid="stTable"] td { border: none; padding: 0.1rem 0.6rem; text-align: left !important; }
  [data-testid="stTable"] td::before { display: block; font-size: 0.8rem; font-weight: 600;
    color: #4a4a4a; }
  h1 { font-size: 1.75rem !important; }
  h2 { font-size: 1.4rem !important; }
  [data-testid="stMetricValue"] { font-size: 1.75rem; }
  /* the top bar in two rows: the language with Share (its icon), then the country */
  .st-key-topbar .st-key-share_open { order: 1; }
  .st-key-topbar .st-key-country { order: 2; }
  .st-key-topbar .st-key-share_open button [data-testid="stMarkdownContainer"] {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
    white-space: nowrap; }  /* out of sight, still the button's name */
}
</style>
"""


def styles() -> None:
    """The app's few static rules (see _CSS), once per run."""
    st.html(_CSS)


def mark_shell_ran() -> None:
    _SHELL_RAN.set(True)


def start_page() -> None:
    """First call of every page: make sure app.py (sidebar, set-up) ran before it."""
    if not _SHELL_RAN.get():
        navigation()  # ends Streamlit's legacy pages/ mode for this server process
        st.rerun()


def page_path(name: str) -> str:
    """The 'pages/<name>.py' path of a page, for st.page_link and st.switch_page."""
    spec = next(p for p in PAGES if p.name == name)
    return f"pages/{spec.file.name}"
