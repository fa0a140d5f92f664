"""The Streamlit side of the dashboard, in layers. A module imports only from the layers below
it and from its own package; no import hides inside a function (tests/app/test_structure.py
checks both, and that there is no import cycle).

    pages/*.py, app.py   the pages: each reads inputs, data, model, output, top to bottom
    ui.<family>          one package per page family, each with a small public surface
                         (its __init__ names its modules and what each does):
        monitor              Overview, Country profile, the five pillars, Sources:
                             countries, country_metrics, coverage, maps, pillar, brief,
                             sources
        scenario             the Scenario lab: inputs, provenance, controls, wisn, model,
                             headline, outputs, export; views, one module a view: workforce,
                             caseload, cost, lenses, sensitivity, compare, why; the board of
                             plans the room sends from the lab (board)
        uploads              Your data: labels, template, upload, versions, record
        present              presentations: saved, slides, compose, editor, follow; the
                             room's questions (questions)
    ui.parts             shared widgets and placement:
        shell                the page list, the navigation, the guard every page starts with
        sidebar              language, region and country (`current_selection`)
        presenting           whether the view is presented to a room (`?present=1`)
        place                page titles, tables and charts with their downloads, link warnings
        credits              what a chart's file says under it: its sources with their
                             years, the data it was made from
        figures              a figure (ssw_core.figures) in words: value, caveats, source
        inputs               inputs bound to the link (`Field`, `choice`)
        access               who is using the page and what they may do (`current`,
                             `reason`); the passcode and sign-in in the sidebar
        share                the view as a link and a QR code for someone else in the
                             room (`popover`, `view_link`)
    ui.base              below every widget:
        session              the owner of session state: every key declared (`Key`)
        link                 the owner of the address: every parameter declared (`Param`)
        data                 cached reads of `ssw_core`, the data fingerprint of the run
        i18n                 translations, number formats, names of countries
        markdown             data text made safe for Markdown
        charts               Altair chart builders (no Streamlit)
        memo                 display tables and labels made once per content, language and
                             data version, for every session
        push                 live views redrawn from the server when shared state changes
    ssw_core             the domain core (no Streamlit; usable from a notebook)

Which module owns a widget's state and its link parameter: the one that declares its `Key`
(or `Param`, or `Field` table); `session.registry()` lists them all with their owners.
"""
