"""Projects and funding import from Excel: the template, the upload checks, the dry run and
the signed payload of the preview (the write is ``projects.services.imports``'s).

``columns`` is the workbook's format (two sheets, limits, columns, how a cell is read);
``checks`` checks one row without queries; ``plan`` checks each row against the street and
the rows before it; ``template`` builds the workbook to fill in; ``importer`` checks an
upload, parses it into a plan and signs and reads back the plan's rows.
"""

from .checks import FundingRow, ProjectRow, RowError
from .columns import FUNDING_SHEET, MAX_ROWS, MAX_UPLOAD_BYTES, PROJECT_SHEET
from .importer import ImportRefused, check_upload, parse, plan_rows, sign, unsign
from .plan import ImportPlan
from .template import template_workbook

__all__ = [
    "FUNDING_SHEET",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "PROJECT_SHEET",
    "FundingRow",
    "ImportPlan",
    "ImportRefused",
    "ProjectRow",
    "RowError",
    "check_upload",
    "parse",
    "plan_rows",
    "sign",
    "template_workbook",
    "unsign",
]
