"""Every string key used in code exists in the English catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ssw_core.figures import DEFINITIONS
from ssw_core.plan import ASSUMED
from ssw_core.projection import YEARLY_COLUMNS
from ui.base import i18n

REPO = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"""\btn?\(\s*["']([a-z0-9_.]+)["']""")
SOURCES = [REPO / "app.py", *REPO.glob("pages/*.py"), *REPO.glob("ui/**/*.py")]

# Keys built at run time from data values: each family must be complete.

FAMILIES = {
    "categories.c{}": range(1, 7),
    "pillars.p{}.title": range(1, 6),
    "pillars.p{}.asks": range(1, 6),
    "pillars.p{}.short": range(1, 6),
    "coverage.{}": ("reported", "partial", "missing"),
    "qualifier.{}": ("approx", "more_than", "source_estimate"),
    "regions.{}": ("all", "eca", "asean"),
    "regions.geo.{}": ("ECA_REGION", "ASEAN_REGION"),
    "regions.name.{}": ("eca", "asean"),
    "map.definition.{}": DEFINITIONS,
    "series.{}": ("wb_total", "wpp_total", "wpp_0_14", "sowc_0_17"),
    "rates.explain_children.{}": ("sowc_0_17", "wpp_0_14"),
    "methods.{}": ("rates", "headline", "coverage", "derived", "caseload"),
    "charts.caption.{}": ("core3", "other2a", "core7", "other4a"),
    "scenario.group.{}": ("start", "pathways", "flows", "caseload", "cost"),
    "scenario.preset.{}": ("current", "pragmatic", "ideal"),
    "scenario.tab.{}": ("workforce", "caseload", "cost", "lenses", "compare", "why"),
    "scenario.cat.{}": ("s1", "s6", "s3"),
    "scenario.lens.{}": ("caseload", "workload", "benchmark", "funded", "estimate"),
    "scenario.cost.{}": ("personnel", "training", "setup"),
    "plan_rule.{}": ASSUMED,
    # every column of a projection, as the scenario's download labels it
    "scenario.col.{}": tuple(c for c in YEARLY_COLUMNS if c != "year"),
    "provenance.origin.{}": ("sourced", "computed", "assumption", "benchmark", "estimate"),
    "rates.explain_reported.{}": ("per_worker", "per_25k", "per_100k_children"),
    "rates.{}_suffix": ("as_reported", "converted"),
    "nav.{}": (
        "overview",
        "country",
        "define",
        "plan",
        "develop",
        "support",
        "allied",
        "sources",
        "data",
        "present",
        "questions",
    ),
}


def _keys_in_code() -> set[str]:
    keys = set()
    for path in SOURCES:
        keys |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    return keys


def test_literal_keys_exist():
    catalogue = i18n.catalogue("en")
    missing = sorted(
        k for k in _keys_in_code() if k not in catalogue and f"{k}.other" not in catalogue
    )
    assert not missing, missing


def test_dynamic_key_families_are_complete():
    catalogue = i18n.catalogue("en")
    missing = [
        f.format(x) for f, xs in FAMILIES.items() for x in xs if f.format(x) not in catalogue
    ]
    assert not missing, missing


def test_derived_formulas_and_source_types_have_texts():
    from ssw_core import derive, schema

    catalogue = i18n.catalogue("en")
    for rule in derive.RULES:
        for part in ("name", "short", "formula"):
            assert f"derived.{rule.formula}.{part}" in catalogue
    for kind in schema.SOURCE_TYPES:
        assert f"source_types.{kind}" in catalogue


def _string_literals() -> set[str]:
    out = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    return out


def test_no_key_is_unused():
    catalogue = set(i18n.catalogue("en"))
    used = _keys_in_code() | _string_literals()
    dynamic_prefixes = (
        "categories.",
        "pillars.",
        "coverage.",
        "qualifier.",
        "regions.",
        "series.",
        "rates.explain_children.",
        "methods.",
        "nav.",
        "derived.",
        "source_types.",
        "formulas.",
        "charts.caption.",
        "scenario.",
        "provenance.",
        "rates.explain_reported.",
        "wisn.",
        "rates.as_reported_suffix",
        "rates.converted_suffix",
        "preset_note.",
        "upload.action.",
        "upload.breakdown.",
        "upload.change.",
        "upload.column.",
        "upload.instructions.",
        "upload.kind.",
        "upload.measure.",
        "upload.problem.",
        "map.option.",
        "map.caption_",
        "charts.units.",
        "countries.",
        "present.error.",
        "present.where.",
        "present.language.",
        "access.denied.",
        "access.role.",
        "access.you.",
        "access.hint.",
        "record.action.",
        "access.settings.mode_",
        "tiers.",
        "rates.no_child_rate_",
        "rates.no_rate_",
        "present.participants_none.",
        "record.problems.",
        "storage.",
        "country.children_note.",
        "plan_rule.",
        "map.definition.",
        "board.error.",
        "board.field.",
        "board.status.",
        "questions.kind.",
        "questions.kind_name.",
        "questions.unit.",
        "questions.error.",
        "questions.field.",
        "questions.offer.",
        "room.refused.",
    )
    # A plural key ('x.one', 'x.other') is used where tn("x", ...) is
    used |= {f"{k}.{form}" for k in used for form in i18n.PLURAL_FORMS}
    unused = sorted(k for k in catalogue - used if not k.startswith(dynamic_prefixes))
    assert not unused, unused


def test_every_role_and_refusal_has_its_words():
    from typing import get_args

    from ssw_core.access import ACTIONS, MODES, ROLES
    from ssw_core.serving import Why

    catalogue = i18n.catalogue("en")
    for why in get_args(Why):  # why participants have no address to open
        assert not why or f"present.participants_none.{why}" in catalogue, why
    from ssw_core.audit import Code
    from ssw_core.storage import Reason

    for code in get_args(Code):  # what can be wrong with the record of changes
        assert f"record.problems.{code}" in catalogue, code
    for code in get_args(Reason):  # why a change could not be saved
        assert f"storage.{code}" in catalogue, code
    for action in ACTIONS:
        assert f"access.denied.{action}" in catalogue, action
    for role in ROLES:
        assert f"access.role.{role}" in catalogue and f"access.you.{role}" in catalogue
    for mode in ("room", "room_passcode", *MODES[1:]):
        assert f"access.hint.{mode}" in catalogue
    for action in ("upload", "switch", "deck.save", "deck.delete", "live.start", "live.stop"):
        assert f"record.action.{action}" in catalogue


def test_every_room_question_error_refusal_kind_and_unit_has_its_words():
    import string

    from ssw_core import questions
    from ssw_core.roomstate import REFUSED

    catalogue = {lang: i18n.catalogue(lang) for lang in ("en", "ru", "ro")}
    fields = string.Formatter()
    for code, english in questions.MESSAGES.items():
        wanted = {f for _, f, _, _ in fields.parse(english) if f}
        for lang, words in catalogue.items():
            said = {f for _, f, _, _ in fields.parse(words[f"questions.error.{code}"]) if f}
            assert said == wanted, (lang, code)
    for code in REFUSED:
        assert all(f"room.refused.{code}" in c for c in catalogue.values()), code
    for kind, spec in questions.KINDS.items():
        assert f"questions.kind_name.{kind}" in catalogue["en"]
        assert kind == "custom" or f"questions.kind.{kind}" in catalogue["en"]
        assert kind == "custom" or f"questions.unit.{spec.unit}" in catalogue["en"]
    for field in questions.LAB_FIELDS:
        assert f"questions.offer.{field}" in catalogue["en"]
    for what in ("event", "question", "unit", "team", "answer"):
        assert f"questions.field.{what}" in catalogue["en"]
    for action in ("ask", "close", "answer", "offer"):
        assert f"record.action.question.{action}" in catalogue["en"]


def test_every_presentation_error_has_a_text_with_its_fields():
    import string

    from ssw_core.deck import MESSAGES

    catalogue = i18n.catalogue("en")
    for code, english in MESSAGES.items():
        key = f"present.error.{code}"
        assert key in catalogue, key
        fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(catalogue[key]) if f}
    for kind in ("file", "slide", "row", "link", "title", "message"):
        assert f"present.where.{kind}" in catalogue


def test_a_presentation_has_messages_in_the_apps_languages():
    from ssw_core.deck import MESSAGE_LANGUAGES

    assert MESSAGE_LANGUAGES == i18n.LANGUAGES
    catalogue = i18n.catalogue("en")
    for lang in MESSAGE_LANGUAGES:
        assert f"present.language.{lang}" in catalogue


def test_scenario_inputs_and_provenance_notes_have_texts():
    from ssw_core.baseline import NOTE_KEYS
    from ui.scenario import inputs as scenario
    from ui.scenario import wisn

    catalogue = i18n.catalogue("en")
    for field in (*scenario.FIELDS, *wisn.FIELDS):
        assert f"scenario.f.{field.key}" in catalogue, field.key
    for note in NOTE_KEYS:
        assert f"provenance.{note}" in catalogue, note
    from ssw_core.presets import NOTE_KEYS as PRESET_NOTES

    for note in PRESET_NOTES:
        assert f"preset_note.{note}" in catalogue, note


def test_every_upload_problem_measure_and_column_has_a_text():
    import re
    from pathlib import Path

    from ssw_core import uploads

    catalogue = i18n.catalogue("en")
    source = "\n".join(  # every module of the package
        f.read_text(encoding="utf-8") for f in Path(uploads.__file__).parent.glob("*.py")
    )
    codes = set(re.findall(r'(?:_fail|err|warn)\("([a-z_0-9]+)"', source))
    codes |= set(re.findall(r'Problem\("(?:error|warning)", "([a-z_0-9]+)"', source))
    codes |= {"one_column", "missing_columns"}  # chosen in a conditional expression
    assert len(codes) > 35
    missing = sorted(c for c in codes if f"upload.problem.{c}" not in catalogue)
    assert not missing, missing
    for m in uploads.MEASURES:
        # the English label in the catalogue is the one the core writes into label_en
        assert catalogue[f"upload.measure.{m.id}"] == m.label_en, m.id
    for c in uploads.TEMPLATE_COLUMNS:
        assert f"upload.column.{c}" in catalogue, c
    for values in uploads.BREAKDOWNS.values():
        for v in values:
            assert f"upload.breakdown.{v}" in catalogue, v


def test_no_map_caption_asks_to_hover():
    # A map's caption goes into its PNG and SVG too, which no one can hover (issue 22).
    for lang in i18n.LANGUAGES:
        cat = i18n.catalogue(lang)
        for key in (
            "map.caption_rates",
            "map.caption_children",
            "map.caption_status",
            "map.source",
        ):
            text = cat[key].lower()
            assert not any(w in text for w in ("hover", "наведите", "подсказк", "mouse")), (
                lang,
                key,
            )


def test_every_board_error_refusal_and_recorded_action_has_a_text_with_its_fields():
    from ssw_core import board, roomstate

    for lang in i18n.LANGUAGES:
        catalogue = i18n.catalogue(lang)
        for code, english in board.MESSAGES.items():
            text = catalogue[f"board.error.{code}"]
            assert set(re.findall(r"{(\w+)}", text)) <= set(re.findall(r"{(\w+)}", english))
        for code in roomstate.REFUSED:
            assert f"room.refused.{code}" in catalogue
        for field in ("title", "team", "iso3", "link", "commitment", "board", "file"):
            assert f"board.field.{field}" in catalogue
        for action in ("open", "send", "lock", "unlock", "hide", "show", "load"):
            assert f"record.action.board.{action}" in catalogue
