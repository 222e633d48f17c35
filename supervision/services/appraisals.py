"""V4: the year-end appraisal drafts, the district's four scores, and finalising.

The year-end job (``year_end_run``) drafts one appraisal per supervisor engaged in the year
with the year's work indicators, read with a fixed number of GROUP BY queries whatever the
number of supervisors, and written in batches, each in its own transaction: a failure
half-way leaves every appraisal either as it was or fully refreshed, and a re-run completes
the rest. Run twice, it gives the same rows. A final appraisal is never touched.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import AuditEvent, User
from reports.models import ReportRun
from reports.services import run_progress, run_start
from shangcheng import rules
from stations.models import ensure_open

from ..closing import year_streets
from ..models import AnnualAppraisal, DistrictParameters, Engagement, MonthlyEvaluation

# Supervisors written per transaction: small enough to keep locks short, large enough that
# the district (60 supervisors) is one batch.
BATCH_SIZE = 500
INDICATORS = ("months_engaged", "months_approved", "sessions", "hours", "late_filings")
SCORE_FIELDS = ("ability", "quality", "results", "conduct")
JOB_REASON = "year-end job"
FIRST_YEAR, LAST_YEAR = 2022, 2100


@dataclass
class YearEndCounts:
    """What a run did: supervisors engaged, drafts created, refreshed, already up to date,
    and final appraisals left alone."""

    year: int
    engaged: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    final: int = 0

    @property
    def drafts(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"year={self.year} engaged={self.engaged} created={self.created} "
            f"updated={self.updated} unchanged={self.unchanged} final={self.final}"
        )


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def _months_engaged(year: int) -> dict[int, int]:
    """Supervisor id → months of ``year`` with at least one day of an engagement (one query;
    overlapping engagements count a month once)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = (
        Engagement.objects.filter(start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .values_list("supervisor_id", "start", "end")
        .order_by()
    )
    months: dict[int, set[int]] = defaultdict(set)
    for supervisor_id, start, end in rows:
        since = max(start, first).month
        until = min(end or last, last).month
        months[supervisor_id].update(range(since, until + 1))
    return {supervisor_id: len(covered) for supervisor_id, covered in months.items()}


def _work_indicators(year: int) -> dict[int, dict]:
    """Supervisor id → the year's approved months, sessions and hours (approved evaluations
    only) and late filings (evaluations filed late, whatever their review): one GROUP BY."""
    approved = Q(status=MonthlyEvaluation.Status.APPROVED)
    filed_late = Q(late=True) & ~Q(status=MonthlyEvaluation.Status.DRAFT)
    rows = (
        MonthlyEvaluation.objects.filter(month__gte=date(year, 1, 1), month__lte=date(year, 12, 1))
        .order_by()
        .values("supervisor_id")
        .annotate(
            months_approved=Count("month", filter=approved, distinct=True),
            sessions=Coalesce(Sum("sessions", filter=approved), 0),
            hours=Coalesce(
                Sum("hours", filter=approved),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=7, decimal_places=1),
            ),
            late_filings=Count("pk", filter=filed_late),
        )
    )
    return {row.pop("supervisor_id"): row for row in rows}


def _indicators(months_engaged: int, work: dict | None) -> dict:
    work = work or {}
    return {
        "months_engaged": months_engaged,
        "months_approved": work.get("months_approved", 0),
        "sessions": work.get("sessions", 0),
        "hours": Decimal(work.get("hours", 0)).quantize(Decimal("0.1")),
        "late_filings": work.get("late_filings", 0),
    }


def _write_batch(year: int, values: dict[int, dict], counts: YearEndCounts) -> None:
    """Create or refresh the drafts of one batch of supervisors, in one transaction."""
    with transaction.atomic():
        existing = {
            appraisal.supervisor_id: appraisal
            for appraisal in AnnualAppraisal.objects.select_for_update().filter(
                year=year, supervisor_id__in=list(values)
            )
        }
        to_create, to_update = [], []
        for supervisor_id, indicators in values.items():
            appraisal = existing.get(supervisor_id)
            if appraisal is None:
                to_create.append(
                    AnnualAppraisal(supervisor_id=supervisor_id, year=year, **indicators)
                )
            elif appraisal.status == AnnualAppraisal.Status.FINAL:
                counts.final += 1  # V4: a final appraisal is the record; the job never edits it
            elif any(getattr(appraisal, name) != value for name, value in indicators.items()):
                for name, value in indicators.items():
                    setattr(appraisal, name, value)
                to_update.append(appraisal)
            else:
                counts.unchanged += 1
        if to_create:
            bulk_create_with_history(to_create, AnnualAppraisal, default_change_reason=JOB_REASON)
        if to_update:
            bulk_update_with_history(
                to_update, AnnualAppraisal, INDICATORS, default_change_reason=JOB_REASON
            )
    counts.created += len(to_create)
    counts.updated += len(to_update)


def _ensure_year_open(year: int) -> None:
    """A closed year's appraisals are frozen (``ClosedYear``): the job reads the evaluations
    of every street, so a closure of any of them (or of the district) refuses it whole.
    Checked here because the job writes in bulk, past the model's own guard."""
    ensure_open(street_ids=year_streets(year), years=[year])


def year_end_run(*, year: int, run: ReportRun | None = None) -> int:
    """Draft (or refresh) the appraisal of ``year`` of every supervisor engaged in it; return
    how many drafts are now in place. Progress goes to ``run`` after each batch. Refused
    (``ClosedYear``, nothing written) when the year is closed."""
    _check_year(year)
    _ensure_year_open(year)
    engaged = _months_engaged(year)
    work = _work_indicators(year)
    supervisor_ids = sorted(engaged)
    counts = YearEndCounts(year=year, engaged=len(supervisor_ids))
    if run is not None:
        run_progress(run=run, done=0, total=len(supervisor_ids))
    for start in range(0, len(supervisor_ids), BATCH_SIZE):
        batch = supervisor_ids[start : start + BATCH_SIZE]
        _write_batch(year, {sid: _indicators(engaged[sid], work.get(sid)) for sid in batch}, counts)
        if run is not None:
            run_progress(run=run, done=start + len(batch))
    actor = run.started_by if run is not None else None
    AuditEvent.objects.record(
        event="job",
        actor=actor,
        username="" if actor else "system",
        obj="year_end_appraisals",
        detail=str(counts),
    )
    return counts.drafts


def year_end_queue(*, year: int, actor: User) -> ReportRun:
    """Record a queued run of the year-end job and send it to a worker once the caller's
    transaction commits (so the worker finds the row)."""
    from ..tasks import year_end  # the task module imports this one

    _check_year(year)
    _ensure_year_open(year)  # refused before anything is queued
    run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": year}, actor=actor)
    AuditEvent.objects.record(event="job_start", actor=actor, obj=run, detail=f"year={year}")
    transaction.on_commit(lambda: year_end.delay(run.pk))
    return run


# The district's part: scores and finalising.


def _check_scores(scores: dict) -> None:
    errors = {}
    for name, value in scores.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            errors[name] = _("Enter a whole number from 0 to 100.")
    if errors:
        raise ValidationError(errors)


def _refuse_final(appraisal: AnnualAppraisal) -> None:
    if appraisal.status == AnnualAppraisal.Status.FINAL:
        raise ValidationError(
            _("This appraisal is final and can no longer be changed."), code="final"
        )


def _grade(appraisal: AnnualAppraisal) -> None:
    """V4: total, grade and renewal advice from the four scores, with the year's weights and
    thresholds (the document's defaults when the district set none)."""
    params = DistrictParameters.for_year(appraisal.year).as_rules()
    total = rules.appraisal_score(appraisal.scores, params)
    appraisal.total = total.quantize(Decimal("0.01"))
    appraisal.grade = rules.appraisal_grade(total, params)
    advice = "；".join(f"{f.rule} {f.message}" for f in rules.renewal_advice(appraisal.grade))
    appraisal.renewal_advice = advice[:200]


def _locked(appraisal: AnnualAppraisal) -> AnnualAppraisal:
    return (
        AnnualAppraisal.objects.select_for_update()
        .select_related("supervisor__person")
        .get(pk=appraisal.pk)
    )


@transaction.atomic
def appraisal_update(
    *,
    appraisal: AnnualAppraisal,
    actor: User,
    ability: int,
    quality: int,
    results: int,
    conduct: int,
) -> AnnualAppraisal:
    """Enter the four scores of a draft; the total, grade and renewal advice follow."""
    scores = {"ability": ability, "quality": quality, "results": results, "conduct": conduct}
    _check_scores(scores)
    appraisal = _locked(appraisal)
    _refuse_final(appraisal)
    for name, value in scores.items():
        setattr(appraisal, name, value)
    _grade(appraisal)
    appraisal._history_user = actor
    appraisal.save()
    AuditEvent.objects.record(
        event="appraisal_update",
        actor=actor,
        obj=appraisal,
        detail=f"scores={[scores[n] for n in SCORE_FIELDS]} total={appraisal.total} "
        f"grade={appraisal.grade}",
    )
    return appraisal


@transaction.atomic
def appraisal_finalise(*, appraisal: AnnualAppraisal, actor: User) -> AnnualAppraisal:
    """Make a draft with its four scores the appraisal of record; it is read-only after."""
    appraisal = _locked(appraisal)
    _refuse_final(appraisal)
    if any(getattr(appraisal, name) is None for name in SCORE_FIELDS):
        raise ValidationError(_("Enter the four scores before finalising."), code="scores")
    _grade(appraisal)  # with the parameters in force now, should they have changed
    appraisal.status = AnnualAppraisal.Status.FINAL
    appraisal.finalised_by = actor
    appraisal.finalised_at = timezone.now()
    appraisal._history_user = actor
    appraisal.save()
    AuditEvent.objects.record(
        event="appraisal_finalise",
        actor=actor,
        obj=appraisal,
        detail=f"total={appraisal.total} grade={appraisal.grade}",
    )
    return appraisal
