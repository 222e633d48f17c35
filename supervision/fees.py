"""V5: the supervision evaluation fee, per supervisor and month, and its Excel sheet.

A month's fee is due when the district approved an evaluation of that month and
``rules.fee_eligible`` agrees (full-time, project of district level or higher, the final
appraisal of the year before 优秀 or 合格, or none yet); it is paid at the year's
``DistrictParameters.monthly_fee``. Data first (``fee_sheet``, five queries whatever the
number of supervisors), format second (``write_fee_workbook``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from shangcheng import rules
from shangcheng.xlsx import text_cell
from staffing.masking import mask

from .models import AnnualAppraisal, DistrictParameters, Engagement, MonthlyEvaluation, Supervisor
from .months import month_end


@dataclass(frozen=True)
class FeeLine:
    """One supervisor's month: whether the fee is due, how much, and if not, why not."""

    supervisor: Supervisor
    month: date
    approved: bool
    grade_year_before: str | None
    due: bool
    amount: Decimal | None  # None when not due, or due but the district set no rate
    reason: str = ""

    @property
    def grade_label(self) -> str:
        return rules.Grade(self.grade_year_before).label if self.grade_year_before else ""


@dataclass(frozen=True)
class FeeSheet:
    year: int
    month: int | None
    monthly_fee: Decimal | None
    lines: list[FeeLine] = field(default_factory=list)

    @property
    def fee_set(self) -> bool:
        return self.monthly_fee is not None

    @property
    def due_months(self) -> int:
        return sum(line.due for line in self.lines)

    @property
    def total(self) -> Decimal:
        return sum((line.amount or Decimal("0") for line in self.lines), Decimal("0.00"))


def _months(year: int, month: int | None) -> list[date]:
    return [date(year, m, 1) for m in ([month] if month else range(1, 13))]


def _engaged_months(months: list[date], supervisor_ids) -> dict[int, set[date]]:
    """Supervisor id → the months of ``months`` with at least one day of an engagement."""
    engagements = Engagement.objects.filter(start__lte=month_end(months[-1])).filter(
        Q(end__isnull=True) | Q(end__gte=months[0])
    )
    if supervisor_ids is not None:
        engagements = engagements.filter(supervisor_id__in=supervisor_ids)
    covered: dict[int, set[date]] = defaultdict(set)
    rows = engagements.order_by().values_list("supervisor_id", "start", "end")
    for supervisor_id, start, end in rows:
        for month in months:
            if start <= month_end(month) and (end is None or end >= month):
                covered[supervisor_id].add(month)
    return covered


def _approved_months(months: list[date], supervisor_ids) -> dict[int, set[date]]:
    evaluations = MonthlyEvaluation.objects.filter(
        status=MonthlyEvaluation.Status.APPROVED, month__gte=months[0], month__lte=months[-1]
    )
    if supervisor_ids is not None:
        evaluations = evaluations.filter(supervisor_id__in=supervisor_ids)
    approved: dict[int, set[date]] = defaultdict(set)
    for supervisor_id, month in evaluations.order_by().values_list("supervisor_id", "month"):
        approved[supervisor_id].add(month)
    return approved


def _why_not(supervisor: Supervisor, approved: bool, grade: str | None, year: int) -> str:
    """The first reason V5 withholds the month's fee, in the order a clerk checks them."""
    if not approved:
        return _("no approved evaluation this month")
    if not supervisor.full_time:
        return _("not a full-time supervisor")
    if not supervisor.project_level:
        return _("no supervision project level recorded")
    if supervisor.project_level == rules.ProjectLevel.STREET:
        return _("street-level supervision project (V5 pays from district level up)")
    return _("appraisal of %(year)s: %(grade)s") % {
        "year": year,
        "grade": rules.Grade(grade).label if grade else "—",
    }


def fee_sheet(*, year: int, month: int | None = None, supervisor: Supervisor | None = None):
    """The fee lines of ``year`` (or one ``month`` of it) for every supervisor engaged or
    with an approved evaluation then (or for ``supervisor`` only): a ``FeeSheet``."""
    params = DistrictParameters.for_year(year)
    months = _months(year, month)
    only = None if supervisor is None else [supervisor.pk]
    engaged = _engaged_months(months, only)
    approved = _approved_months(months, only)
    # V5: the appraisal of record of the year before is the final one.
    grades = dict(
        AnnualAppraisal.objects.filter(year=year - 1, status=AnnualAppraisal.Status.FINAL)
        .filter(**({} if only is None else {"supervisor_id__in": only}))
        .values_list("supervisor_id", "grade")
    )
    supervisors = Supervisor.objects.select_related("person").filter(
        pk__in=set(engaged) | set(approved)
    )
    lines = []
    for sup in sorted(supervisors, key=lambda s: (s.person.name, s.pk)):
        grade = grades.get(sup.pk) or None
        for m in months:
            if m not in engaged.get(sup.pk, ()) and m not in approved.get(sup.pk, ()):
                continue
            lines.append(_line(sup, m, m in approved.get(sup.pk, ()), grade, params))
    return FeeSheet(year=year, month=month, monthly_fee=params.monthly_fee, lines=lines)


def _line(sup: Supervisor, month: date, approved: bool, grade, params) -> FeeLine:
    due = bool(sup.project_level) and rules.fee_eligible(
        sup.full_time, sup.project_level, approved, grade
    )
    if not due:
        reason = _why_not(sup, approved, grade, month.year - 1)
        return FeeLine(sup, month, approved, grade, False, None, reason)
    if params.monthly_fee is None:
        reason = _("the district has not set the monthly fee of %(year)s") % {"year": month.year}
        return FeeLine(sup, month, approved, grade, True, None, reason)
    amount = rules.monthly_fee_amount(1, params.as_rules())
    return FeeLine(sup, month, approved, grade, True, amount)


# The Excel sheet.


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def write_fee_workbook(sheet: FeeSheet, stream) -> None:
    """Write ``sheet`` to ``stream`` as .xlsx (write-only: flat memory for any size). Text is
    written as text (never a formula), ID numbers masked."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_("Supervision fees"))
    headers = [
        _("month"),
        _("supervisor"),
        _("ID number"),
        _("full-time"),
        _("project level"),
        _("approved"),
        _("appraisal of the year before"),
        _("fee due (yuan)"),
        _("note"),
    ]
    ws.append([text_cell(ws, h) for h in headers])
    for line in sheet.lines:
        sup = line.supervisor
        level = rules.ProjectLevel(sup.project_level).label if sup.project_level else ""
        ws.append(
            [
                text_cell(ws, f"{line.month:%Y-%m}"),
                text_cell(ws, sup.person.name),
                text_cell(ws, mask(sup.person.id_number)),
                text_cell(ws, _yes_no(sup.full_time)),
                text_cell(ws, level),
                text_cell(ws, _yes_no(line.approved)),
                text_cell(ws, line.grade_label),
                _money(ws, line.amount),
                text_cell(ws, line.reason),
            ]
        )
    total = [text_cell(ws, _("total")), *[None] * 6, _money(ws, sheet.total), None]
    ws.append(total)
    workbook.save(stream)


def _money(ws, amount: Decimal | None):
    if amount is None:
        return None
    cell = WriteOnlyCell(ws, value=amount)
    cell.number_format = "0.00"
    return cell
