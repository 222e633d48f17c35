"""Roster import from Excel: the template, the upload checks, the dry run and the apply.

``columns`` is the workbook's format (sheet, limits, columns, how a cell is read);
``checks`` checks one row without queries; ``plan`` checks each row against the street and
the rows before it; ``template`` builds the empty workbook; ``importer`` checks an upload,
parses it into a plan, applies the plan in one transaction and keeps the ``RosterImport``.
"""

from .checks import RowError
from .columns import COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, POSTS, SHEET
from .importer import ImportSummary, RosterRefused, apply, check_upload, confirm, parse, preview
from .plan import RosterPlan
from .template import template_workbook

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "POSTS",
    "SHEET",
    "ImportSummary",
    "RosterPlan",
    "RosterRefused",
    "RowError",
    "apply",
    "check_upload",
    "confirm",
    "parse",
    "preview",
    "template_workbook",
]
