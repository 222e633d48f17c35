"""The import itself: check the upload, parse it into a plan, sign the plan's rows for the
confirmation and read them back.

``check_upload`` accepts only a plain ``.xlsx`` within the limits of SECURITY.md
(``shangcheng.xlsx``); ``parse`` validates every row of both sheets into an ``ImportPlan``
and writes nothing; ``sign`` turns the rows of a plan without errors into the payload the
preview's confirm form carries (signed, not stored: the projects app keeps no upload), and
``unsign`` reads it back for ``plan_rows`` to check again against the database at
confirmation. Writing is ``projects.services.imports``'s.
"""

import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from accounts.access import writable_units
from shangcheng.xlsx import UnsafeReader, check_xlsx_upload, open_checked

from .checks import (
    FundingRow,
    ProjectRow,
    RowError,
    as_payload,
    file_error,
    from_payload,
    funding_problems,
    project_problems,
    read_funding_row,
    read_project_row,
    row_errors,
)
from .columns import FUNDING_SHEET, MAX_ROWS, MAX_UPLOAD_BYTES, PROJECT_SHEET, SHEETS
from .plan import Context, ImportPlan

logger = logging.getLogger(__name__)

SALT = "projects-import"
MAX_AGE = 60 * 60  # seconds a preview may be confirmed in
PAYLOAD_VERSION = 1


class ImportRefused(ValidationError):
    """The import writes nothing; ``errors`` say why, by sheet, row and column."""

    def __init__(self, errors: list[RowError], code: str = "rows"):
        super().__init__([str(e) for e in errors])
        self.code, self.errors = code, errors


def check_upload(uploaded_file) -> bytes:
    """The bytes of a plain ``.xlsx`` within the limits; else ``ValidationError`` in Chinese."""
    return check_xlsx_upload(uploaded_file, max_bytes=MAX_UPLOAD_BYTES)


def parse(data: bytes, *, street, user) -> ImportPlan:
    """Validate every row of a checked workbook for ``street``; nothing is written."""
    sheets, errors = _read_workbook(data)
    if errors:
        return ImportPlan(street=street, errors=errors)
    read = [read_project_row(n, v) for n, v in sheets[PROJECT_SHEET]]
    read += [read_funding_row(n, v) for n, v in sheets[FUNDING_SHEET]]
    plan = _plan(read, street=street, user=user)
    plan.data_rows = len(read)
    return plan


def plan_rows(project_rows, funding_rows, *, street, user) -> ImportPlan:
    """Check the rows of a signed payload again, as ``parse`` checked the file's."""
    failed: set = set()
    read = [(r, row_errors(r, project_problems(r, failed))) for r in project_rows]
    read += [(r, row_errors(r, funding_problems(r, failed))) for r in funding_rows]
    plan = _plan(read, street=street, user=user)
    plan.data_rows = len(read)
    return plan


def _plan(read, *, street, user) -> ImportPlan:
    """Each row that reads well, checked against the street and the rows before it."""
    plan = ImportPlan(street=street)
    projects = [row for row, __ in read if isinstance(row, ProjectRow)]
    fundings = [row for row, __ in read if isinstance(row, FundingRow)]
    # Scope (accounts.access): the units the user keeps, of this street only.
    context = Context.load(
        street=street,
        units=writable_units(user),
        project_rows=projects,
        funding_rows=fundings,
    )
    for row, cell_errors in read:
        check = context.check_project if isinstance(row, ProjectRow) else context.check_funding
        plan.errors += cell_errors + check(row, remember=not cell_errors)
        if not cell_errors:
            target = plan.project_rows if isinstance(row, ProjectRow) else plan.funding_rows
            target.append(row)
    context.finish(plan)
    if not plan.errors and not plan.projects and not plan.fundings:
        plan.errors.append(file_error(_("Nothing to import.")))
    return plan


def sign(plan: ImportPlan, *, user) -> str:
    """The rows of a plan without errors, signed for this street and user."""
    if plan.errors:
        raise ValueError("a plan with errors is not confirmed")
    payload = {
        "v": PAYLOAD_VERSION,
        "street": plan.street.pk,
        "user": user.pk,
        "projects": [as_payload(row) for row in plan.project_rows],
        "funding": [as_payload(row) for row in plan.funding_rows],
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def unsign(token: str, *, street, user) -> tuple[list[ProjectRow], list[FundingRow]]:
    """The rows ``sign`` signed for ``street`` and ``user`` within the hour; else
    ``ImportRefused`` (code ``expired`` or ``tampered``)."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        message = _("This preview is more than an hour old; nothing was written. Upload again.")
        raise ImportRefused([file_error(message)], code="expired") from None
    except signing.BadSignature:
        raise _tampered() from None
    try:
        if (payload["v"], payload["street"], payload["user"]) != (
            PAYLOAD_VERSION,
            street.pk,
            user.pk,
        ):
            raise ValueError("another street's or user's preview")
        projects = [from_payload(ProjectRow, data) for data in payload["projects"]]
        fundings = [from_payload(FundingRow, data) for data in payload["funding"]]
    except (KeyError, TypeError, ValueError, ArithmeticError):
        raise _tampered() from None
    return projects, fundings


def _tampered() -> ImportRefused:
    message = _("The confirmation does not match a preview of yours; nothing was written.")
    return ImportRefused([file_error(message)], code="tampered")


# Reading the workbook.


def _read_workbook(data: bytes) -> tuple[dict, list[RowError]]:
    try:
        workbook = open_checked(data)
    except UnsafeReader:  # it would expand an XML bomb (OPENPYXL_DEFUSEDXML=False?)
        logger.error("openpyxl reads without defusedxml: projects import refused")
        return {}, [file_error(_("The server cannot read workbooks safely now."))]
    except Exception:  # an untrusted file: any parser error is the file's fault, never a 500
        logger.info("unreadable projects workbook", exc_info=True)
        return {}, [_unreadable()]
    try:
        return _sheets(workbook)
    except Exception:  # read-only mode parses lazily: bad XML surfaces while iterating
        logger.info("unreadable projects sheet", exc_info=True)
        return {}, [_unreadable()]
    finally:
        workbook.close()


def _unreadable() -> RowError:
    return file_error(_("The workbook cannot be read; save it again as .xlsx."))


def _sheets(workbook) -> tuple[dict, list[RowError]]:
    sheets, total = {}, 0
    for name, columns in SHEETS.items():
        if name not in workbook.sheetnames:
            message = _("The workbook has no sheet “%(sheet)s”; fill in the template.")
            return {}, [file_error(message % {"sheet": name})]
        rows, error = _sheet_rows(workbook[name], name, columns, MAX_ROWS - total)
        if error is not None:
            return {}, [error]
        sheets[name], total = rows, total + len(rows)
    if not total:
        return {}, [file_error(_("The workbook has no data rows."))]
    return sheets, []


def _sheet_rows(sheet, name, columns, room: int) -> tuple[list, RowError | None]:
    width = len(columns)
    lines = sheet.iter_rows(max_col=width, values_only=True)
    header = [str(v or "").strip().rstrip("*").strip() for v in next(lines, ())]
    header += [""] * (width - len(header))
    for index, (found, column) in enumerate(zip(header, columns, strict=False), start=1):
        if found != column.header:
            message = _(
                "The header row of sheet “%(sheet)s” differs from the template: column "
                "%(letter)s should be “%(expected)s”, not “%(found)s”. Copy the rows into the "
                "downloaded template."
            )
            params = {"sheet": name, "letter": get_column_letter(index)}
            return [], file_error(message % {**params, "expected": column.header, "found": found})
    rows = []
    for number, values in enumerate(lines, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # empty rows (trailing or between) are not data
        if len(rows) == room:
            message = _("More than %(max)s data rows in the two sheets; split the file.")
            return [], file_error(message % {"max": MAX_ROWS})
        rows.append((number, tuple(values) + (None,) * (width - len(values))))
    return rows, None
