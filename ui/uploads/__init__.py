"""Your data: a ministry's own figures, from the template to a version in use. Its page calls,
in reading order: `flash` and `status` (what is in use), then the three steps, `template_section`,
`upload_section` and `history_section`, and `record_section` (who changed what).

| module | job |
|---|---|
| `labels` | the page's words: measures, problems, breakdowns, values, versions |
| `template` | step 1: the template (Excel or CSV), pre-filled, and its description |
| `upload` | step 2: a file read, checked, previewed and committed |
| `versions` | what is in use; step 3: every version, rollback |
| `record` | the record of changes: who uploaded, switched, saved or deleted what |

The work is done by `ssw_core.uploads` (reading, checking) and `ssw_core.userstore`
(versions); this only shows it.
"""

from ui.uploads.record import record_section
from ui.uploads.template import template_section
from ui.uploads.upload import upload_section
from ui.uploads.versions import flash, history_section, status

__all__ = [
    "flash",
    "history_section",
    "record_section",
    "status",
    "template_section",
    "upload_section",
]
