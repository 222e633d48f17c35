"""Roster import from Excel: the template, the upload checks, the dry run and the apply.

Data first (STYLE.md): ``check_upload`` accepts only a plain ``.xlsx`` within the limits of
SECURITY.md; ``parse`` validates every row of it into a ``RosterPlan`` and writes nothing;
``apply`` writes a plan without errors through the staffing services in one transaction, so
any refusal leaves the roster as it was. ``preview`` and ``confirm`` keep the
``RosterImport`` record of both steps: the stored file is re-read at every step.
"""

import logging
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO

import openpyxl
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.access import writable_people, writable_streets, writable_units

from . import services
from .models import RosterImport
from .roster_checks import (
    CERT_LEVELS,
    COLUMNS,
    GENDERS,
    HEADER,
    POSTS,
    YES_NO,
    PlanRow,
    RowContext,
    RowError,
    error_problems,
    read_row,
)

logger = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 10 * MB  # SECURITY.md
MAX_ENTRIES = 500  # a workbook has about ten parts
MAX_UNPACKED_BYTES = 50 * MB  # 5,000 rows unpack to about 4 MB
MAX_RATIO = 100  # a full template compresses about 20:1
RATIO_FROM_BYTES = 1 * MB  # smaller parts cannot hurt, whatever their ratio
MAX_ROWS = 5000
SHEET = "人员名册"
NOTES_SHEET = "填写说明"
NOTES = (
    "第一行为表头，请勿修改；自第二行起每行填写一人的一个岗位，同一人多个岗位可写多行，人员信息须一致。",
    "带 * 的列必填。日期填写为 YYYY-MM-DD 文本或 Excel 日期。",
    f"文件须为 .xlsx 格式，不超过 {MAX_UPLOAD_BYTES // MB} MB，不含宏，最多 {MAX_ROWS} 行。",
    "上传后先预览；任何一行有错误时不会写入任何数据，改正后重新上传。重复导入同一文件不会重复登记。",
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected workbooks
_MACRO_MARKS = (b"vbaProject", b"macroEnabled", b"macrosheet")
# A DTD is where an XML bomb's entities live; no workbook part needs one.
_DTD_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_DATE_KEYS = {"birth_date", "community_work_since", "start", "cert_issued"}
_LISTS = {"gender": GENDERS, "post": POSTS, "full_time": YES_NO, "cert_level": CERT_LEVELS}


class RosterRefused(Exception):
    """The import writes nothing; ``errors`` say why, by row and column."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class RosterPlan:
    street: object
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    data_rows: int = 0

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def creates(self) -> int:
        return self.count("create")

    @property
    def updates(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def template_workbook() -> bytes:
    """The empty roster with its Chinese headers, pick lists and a sheet of instructions."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([c.header + ("*" if c.required else "") for c in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = 40 if column.key == "unit" else 16
        # Text format keeps an 18-digit ID number from being rounded by Excel.
        fmt = "yyyy-mm-dd" if column.key in _DATE_KEYS else "@"
        sheet.column_dimensions[letter].number_format = fmt
        if column.key in _LISTS:
            allowed = DataValidation(type="list", formula1=f'"{",".join(_LISTS[column.key])}"')
            allowed.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(allowed)
    notes = workbook.create_sheet(NOTES_SHEET)
    notes.append(["列", "必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header, "是" if column.required else "否", column.note])
    notes.append([])
    for line in NOTES:
        notes.append([line])
    notes.column_dimensions["C"].width = 70
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def check_upload(uploaded_file) -> bytes:
    """The bytes of a plain ``.xlsx`` within the limits; else ``ValidationError`` in Chinese."""
    if not (uploaded_file.name or "").lower().endswith(".xlsx"):
        raise ValidationError(
            _("Upload an Excel workbook saved as .xlsx; .xls, .xlsm, .csv and others are refused."),
            code="extension",
        )
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if uploaded_file.size > MAX_UPLOAD_BYTES or len(data) > MAX_UPLOAD_BYTES:
        message = _("The file is larger than %(max)s MB.")
        raise ValidationError(message % {"max": MAX_UPLOAD_BYTES // MB}, code="size")
    if data.startswith(_OLE_MAGIC):
        raise ValidationError(
            _("This is an old .xls workbook or a password-protected one; save it as .xlsx."),
            code="ole",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(_("By its content this file is not an .xlsx workbook."), "content")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_archive(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error) as e:
        raise _damaged() from e
    except (RuntimeError, NotImplementedError, EOFError, OSError, ValueError) as e:
        raise _damaged() from e  # encrypted parts, unknown compression, truncated data
    return data


def _damaged() -> ValidationError:
    return ValidationError(_("The file is damaged or not an .xlsx workbook."), code="damaged")


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Zip bombs, macros and DTDs (XML bombs) are refused before openpyxl sees the file."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        message = _("The workbook has %(count)s parts; at most %(max)s are accepted.")
        raise ValidationError(message % {"count": len(entries), "max": MAX_ENTRIES}, "entries")
    # zipfile never yields more than the declared size of a part (it fails the CRC instead),
    # so the declared sizes bound what reading the file can cost.
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        message = _("The workbook unpacks to more than %(max)s MB.")
        raise ValidationError(message % {"max": MAX_UNPACKED_BYTES // MB}, "unpacked")
    if any(_suspicious_ratio(entry) for entry in entries):
        raise ValidationError(
            _("A part of the workbook is compressed beyond %(ratio)s:1 (a zip bomb).")
            % {"ratio": MAX_RATIO},
            "ratio",
        )
    names = {entry.filename.lower() for entry in entries}
    if "[content_types].xml" not in names:
        raise _damaged()
    types = archive.read("[Content_Types].xml")
    if any(mark in types for mark in _MACRO_MARKS) or any("vbaproject" in n for n in names):
        raise ValidationError(
            _("The workbook contains macros; save it as .xlsx without macros."), "macro"
        )
    for entry in entries:
        if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            if any(mark in archive.read(entry) for mark in _DTD_MARKS):
                message = _("The workbook contains an XML document type declaration (DTD).")
                raise ValidationError(message, "dtd")


def _suspicious_ratio(entry: zipfile.ZipInfo) -> bool:
    return entry.file_size > RATIO_FROM_BYTES and (
        entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
    )


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
    if openpyxl.DEFUSEDXML is not True:
        # Without defusedxml openpyxl would expand an XML bomb (OPENPYXL_DEFUSEDXML=False?).
        logger.error("openpyxl reads without defusedxml: roster import refused")
        return [], [RowError(None, "", _("The server cannot read workbooks safely now."))]
    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
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
                user=user,
            )
    except ValidationError as e:
        problems = error_problems(e)
        raise RosterRefused([RowError(d.number, HEADER.get(k, ""), m) for k, m in problems]) from e


def preview(*, street, user, file_name: str, data: bytes) -> tuple[RosterImport, RosterPlan]:
    """Keep a checked upload with the counts of its dry run; the roster is not touched."""
    plan = parse(data, street=street, user=user)
    record = RosterImport.objects.create(
        street=plan.street,
        uploaded_by=user,
        file_name=file_name[:200],
        content=data,
        rows=plan.data_rows,
        creates=plan.creates,
        updates=plan.updates,
        errors=len(plan.errors),
    )
    return record, plan


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
            record.save(update_fields=["status", "errors", "content"])
        else:
            record.status, record.applied_at = RosterImport.Status.APPLIED, timezone.now()
            record.creates, record.updates = summary.creates, summary.updates
            record.content = b""  # applied: the roster now holds the data, drop the file
            record.save(update_fields=["status", "applied_at", "creates", "updates", "content"])
            return summary
    raise failure


def _not_again(record: RosterImport) -> str:
    if record.status == RosterImport.Status.APPLIED:
        when = date_format(timezone.localtime(record.applied_at), "DATETIME_FORMAT")
        message = _("This import was applied on %(when)s; nothing was written again.")
        return message % {"when": when}
    return _("This import failed; nothing was written. Upload the corrected file again.")
