"""The import itself: check the upload, parse it into a plan, apply the plan, keep the record.

``check_upload`` accepts only a plain ``.xlsx`` within the limits of SECURITY.md
(``shangcheng.xlsx``); ``parse`` validates every row of it into a ``RosterPlan`` and writes
nothing; ``apply`` writes a plan without errors through the staffing services in one
transaction, so any refusal leaves the roster as it was. ``preview`` and ``confirm`` keep the
``RosterImport`` record of both steps: ``preview`` stores the dry run as the page shows it
(and drops a file with errors at once); ``confirm`` re-reads the kept file and checks it again.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from accounts.access import writable_streets, writable_units
from shangcheng.xlsx import UnsafeReader, check_xlsx_upload, open_checked

from .. import services
from ..access import writable_people
from ..models import RosterImport
from .checks import RowError, error_problems, read_row
from .columns import COLUMNS, HEADER, MAX_ROWS, MAX_UPLOAD_BYTES, SHEET
from .plan import PlanRow, RosterPlan, RowContext

logger = logging.getLogger(__name__)


class RosterRefused(Exception):
    """The import writes nothing; ``errors`` say why, by row and column."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    creates: int
    updates: int
    unchanged: int

    def __str__(self):
        return (
            f"rows={self.rows}, creates={self.creates}, updates={self.updates}, "
            f"unchanged={self.unchanged}"
        )


def check_upload(uploaded_file) -> bytes:
    """The bytes of a plain ``.xlsx`` within the limits; else ``ValidationError`` in Chinese."""
    return check_xlsx_upload(uploaded_file, max_bytes=MAX_UPLOAD_BYTES)


def parse(data: bytes, *, street, user) -> RosterPlan:
    """Validate every row of a checked workbook for ``street``; nothing is written."""
    street = _import_street(user, street)
    plan = RosterPlan(street=street)
    lines, plan.errors = _read_sheet(data)
    plan.data_rows = len(lines)
    rows = [read_row(number, values) for number, values in lines]
    context = RowContext.load(
        [row for row, __ in rows],
        units=writable_units(user).filter(street=street),
        roster=writable_people(user).filter(street=street),
        streets=writable_streets(user),
    )
    for row, cell_errors in rows:
        planned, errors = context.check(row, remember=not cell_errors)
        plan.errors += cell_errors + errors
        if planned is not None and not cell_errors:
            plan.rows.append(planned)
    return plan


def _import_street(user, street):
    """Scope (accounts.access): a clerk imports only into their own street."""
    found = writable_streets(user).filter(pk=getattr(street, "pk", None)).first()
    if found is None:
        raise Http404
    return found


def _read_sheet(data: bytes) -> tuple[list[tuple[int, tuple]], list[RowError]]:
    try:
        workbook = open_checked(data)
    except UnsafeReader:  # it would expand an XML bomb (OPENPYXL_DEFUSEDXML=False?)
        logger.error("openpyxl reads without defusedxml: roster import refused")
        return [], [RowError(None, "", _("The server cannot read workbooks safely now."))]
    except Exception:  # an untrusted file: any parser error is the file's fault, never a 500
        logger.info("unreadable roster workbook", exc_info=True)
        return [], [_unreadable()]
    try:
        return _sheet_rows(workbook)
    except Exception:  # read-only mode parses lazily: bad XML surfaces while iterating
        logger.info("unreadable roster sheet", exc_info=True)
        return [], [_unreadable()]
    finally:
        workbook.close()


def _unreadable() -> RowError:
    return RowError(None, "", _("The workbook cannot be read; save it again as .xlsx."))


def _sheet_rows(workbook) -> tuple[list[tuple[int, tuple]], list[RowError]]:
    if SHEET not in workbook.sheetnames:
        message = _("The workbook has no sheet “%(sheet)s”; fill in the template.")
        return [], [RowError(None, "", message % {"sheet": SHEET})]
    width = len(COLUMNS)
    lines = workbook[SHEET].iter_rows(max_col=width, values_only=True)
    header = [str(v or "").strip().rstrip("*").strip() for v in next(lines, ())]
    header += [""] * (width - len(header))
    for index, (found, column) in enumerate(zip(header, COLUMNS, strict=False), start=1):
        if found != column.header:
            message = _(
                "The header row differs from the template: column %(letter)s should be "
                "“%(expected)s”, not “%(found)s”. Copy the rows into the downloaded template."
            )
            params = {"letter": get_column_letter(index), "expected": column.header}
            return [], [RowError(None, "", message % {**params, "found": found})]
    rows = []
    for number, values in enumerate(lines, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # empty rows (trailing or between) are not data
        if len(rows) == MAX_ROWS:
            message = _("More than %(max)s data rows; split the file.")
            return [], [RowError(None, "", message % {"max": MAX_ROWS})]
        rows.append((number, tuple(values) + (None,) * (width - len(values))))
    if not rows:
        return [], [RowError(None, "", _("The sheet has no data rows."))]
    return rows, []


def apply(plan: RosterPlan, *, user) -> ImportSummary:
    """Write a plan without errors in one transaction: every row, or nothing at all.

    The services validate every write again (the roster may have changed since the
    preview): the first refusal rolls the whole import back and is reported by row.
    """
    if plan.errors or not plan.rows:
        raise RosterRefused(plan.errors or [RowError(None, "", _("Nothing to import."))])
    try:
        with transaction.atomic():
            people = {}
            for row in plan.rows:
                _apply_row(row, street=plan.street, user=user, people=people)
    except DatabaseError as e:  # a concurrent change slipped past the checks
        # The class name only: a database error's text can quote an ID number.
        logger.warning("roster import rolled back: %s", type(e).__name__)
        message = _("The roster changed while importing; nothing was written. Try again.")
        raise RosterRefused([RowError(None, "", message)]) from e
    return ImportSummary(plan.data_rows, plan.creates, plan.updates, plan.unchanged)


def _apply_row(row: PlanRow, *, street, user, people: dict) -> None:
    d = row.data
    try:
        person = people.get(d.id_number) or row.person
        if person is None:
            person = services.person_create(street=street, **d.person_fields())
        elif row.changes:
            person = services.person_update(person=person, data=row.changes)
        people[d.id_number] = person
        if row.add_certificate:
            services.certificate_add(
                person=person, level=d.cert_level, number=d.cert_number, issued_on=d.cert_issued
            )
        if row.add_post:
            services.post_assign(
                person=person,
                unit=row.unit,
                post=d.post,
                start=d.start,
                full_time=d.full_time,
                actor=user,
            )
    except ValidationError as e:
        problems = error_problems(e)
        raise RosterRefused([RowError(d.number, HEADER.get(k, ""), m) for k, m in problems]) from e


def preview(
    *, street, user, file_name: str, data: bytes, shown: int = 500
) -> tuple[RosterImport, RosterPlan]:
    """Keep a checked upload with its dry run; the roster is not touched.

    The dry run is stored as the preview page shows it (``preview_summary``: the first
    ``shown`` rows and errors), so viewing the preview never reads the file again. A file
    with errors can never be confirmed: it is not kept at all and the import is failed at
    once; only its errors are, for the clerk to correct the workbook.
    """
    plan = parse(data, street=street, user=user)
    failed = bool(plan.errors)
    record = RosterImport.objects.create(
        street=plan.street,
        uploaded_by=user,
        file_name=file_name[:200],
        content=b"" if failed else data,
        status=RosterImport.Status.FAILED if failed else RosterImport.Status.PREVIEWED,
        rows=plan.data_rows,
        creates=plan.creates,
        updates=plan.updates,
        errors=len(plan.errors),
        preview=preview_summary(plan, shown=shown),
    )
    return record, plan


def preview_summary(plan: RosterPlan, *, shown: int) -> dict:
    """What the preview page shows of a plan, as JSON: the counts, the first ``shown``
    errors and, for a file without errors, its first ``shown`` rows — ID numbers masked; no
    mobile, certificate number or birth date (the page shows none)."""
    summary = {
        "data_rows": plan.data_rows,
        "creates": plan.creates,
        "updates": plan.updates,
        "unchanged": plan.unchanged,
        "error_count": len(plan.errors),
        "errors": [
            {"row": e.row, "column": e.column, "message": str(e.message)}
            for e in plan.errors[:shown]
        ],
        "row_count": 0 if plan.errors else len(plan.rows),
        "rows": [],
    }
    if not plan.errors:  # the rows of a file that can never be applied are not kept
        summary["rows"] = [_shown_row(row) for row in plan.rows[:shown]]
    return summary


def _shown_row(row: PlanRow) -> dict:
    d = row.data
    return {
        "number": d.number,
        "action": row.action,
        "name": d.name,
        "id_number": row.masked_id_number,
        "unit": row.unit.name,
        "post": str(row.post_label),
        "new_post": row.add_post,
        "start": d.start.isoformat() if d.start else "",
        "certificate": "added" if row.add_certificate else ("on_record" if d.cert_level else ""),
    }


def confirm(*, record: RosterImport, user) -> ImportSummary:
    """Apply a previewed import once (the row lock serialises two confirmations)."""
    with transaction.atomic():
        record = RosterImport.objects.select_for_update().get(pk=record.pk)
        if record.status != RosterImport.Status.PREVIEWED:
            raise RosterRefused([RowError(None, "", _not_again(record))])
        plan = parse(bytes(record.content), street=record.street, user=user)
        try:
            summary = apply(plan, user=user)
        except RosterRefused as refused:
            failure = refused
            record.status, record.errors = RosterImport.Status.FAILED, len(refused.errors)
            record.content = b""  # personal data is not kept once it cannot be used
            record.preview = {}
            record.save(update_fields=["status", "errors", "content", "preview"])
        else:
            record.status, record.applied_at = RosterImport.Status.APPLIED, timezone.now()
            record.creates, record.updates = summary.creates, summary.updates
            record.content = b""  # applied: the roster now holds the data, drop the file
            record.preview = {}
            fields = ["status", "applied_at", "creates", "updates", "content", "preview"]
            record.save(update_fields=fields)
            return summary
    raise failure


def _not_again(record: RosterImport) -> str:
    if record.status == RosterImport.Status.APPLIED:
        when = date_format(timezone.localtime(record.applied_at), "DATETIME_FORMAT")
        message = _("This import was applied on %(when)s; nothing was written again.")
        return message % {"when": when}
    return _("This import failed; nothing was written. Upload the corrected file again.")
