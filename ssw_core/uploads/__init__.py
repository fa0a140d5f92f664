"""A country's own figures, from an uploaded file to the observations the rest of `ssw_core`
reads. One module per step, each entered for its own job:

| module | job |
|---|---|
| `vocabulary` | the measures one can upload, the template columns, the stored schema, `Problem` |
| `read` | a file's bytes to cells (`read_table`): CSV or Excel, with the header checked |
| `validate` | cells to figures, row by row (`validate`): errors name row and column |
| `convert` | figures to observations and sources (`to_tables`); an upload merged into a version |
| `template` | what the dashboard knows per measure (`known_figures`), the template, the preview |

Nothing here writes files; `ssw_core.userstore` keeps the versions. The names below are the
package's public surface (they were one module's until December 2026).
"""

from ssw_core.uploads.convert import label_en, merge, source_id, to_tables
from ssw_core.uploads.read import MAX_EMPTY_RUN, MAX_UNZIPPED, Table, read_table
from ssw_core.uploads.template import TEMPLATE_ROWS, known_figures, preview, template
from ssw_core.uploads.validate import TEXT_COLUMNS, WHOLE_EXCEPT, Validation, parse_number, validate
from ssw_core.uploads.vocabulary import (
    BREAKDOWNS,
    BY_ID,
    FIGURES,
    FIRST_YEAR,
    KEY,
    MAX_BYTES,
    MAX_ROWS,
    MEASURES,
    OPTIONAL_COLUMNS,
    REFERENCE_COLUMNS,
    RELIABILITIES,
    REQUIRED_COLUMNS,
    TEMPLATE_COLUMNS,
    Kind,
    Measure,
    Problem,
    Severity,
    plain_number,
)

__all__ = [
    "BREAKDOWNS",
    "BY_ID",
    "FIGURES",
    "FIRST_YEAR",
    "KEY",
    "MAX_BYTES",
    "MAX_EMPTY_RUN",
    "MAX_ROWS",
    "MAX_UNZIPPED",
    "MEASURES",
    "OPTIONAL_COLUMNS",
    "REFERENCE_COLUMNS",
    "RELIABILITIES",
    "REQUIRED_COLUMNS",
    "TEMPLATE_COLUMNS",
    "TEMPLATE_ROWS",
    "TEXT_COLUMNS",
    "WHOLE_EXCEPT",
    "Kind",
    "Measure",
    "Problem",
    "Severity",
    "Table",
    "Validation",
    "known_figures",
    "label_en",
    "merge",
    "parse_number",
    "plain_number",
    "preview",
    "read_table",
    "source_id",
    "template",
    "to_tables",
    "validate",
]
