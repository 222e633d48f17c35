"""The monthly evaluation's workflow: every way an evaluation changes is a function here.

draft → submitted → approved, or submitted → returned (with a comment) → edited →
submitted again. An approved evaluation is read-only. Every step writes an
``EvaluationEvent`` (who, when, comment) and an audit row. A refusal is a
``ValidationError`` naming the field, in the user's language; nothing is written then.

The district's decisions lock the row and read its status again under the lock, so of two
reviewers deciding at once exactly one wins and the other is told who decided first.

Files attached to an evaluation are ``supervision.services.files``.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from shangcheng.versioning import lock_versioned
from stations.models import Unit

from ..models import (
    Assignment,
    DistrictParameters,
    EvaluationEvent,
    MonthlyEvaluation,
    Supervisor,
)
from ..months import month_end, next_month

Status = MonthlyEvaluation.Status
Action = EvaluationEvent.Action

# What the supervisor's form may set; the month, unit, status and review fields are the
# workflow's.
CONTENT_FIELDS = frozenset(
    {
        "sessions",
        "hours",
        "forms",
        "topics",
        "unit_score",
        "workers_score",
        "problems",
        "recommendations",
    }
)
# A submitted evaluation says what was done and how the unit did.
REQUIRED_TO_SUBMIT = ("sessions", "hours", "unit_score", "workers_score")


def refusal(field: str, message, code: str) -> ValidationError:
    """A refusal naming ``field``, with a ``code`` the tests and callers can tell apart."""
    return ValidationError({field: ValidationError(message, code=code)})


def filing_deadline(month: date) -> date:
    """The last day to file ``month`` on time: the district's deadline day of the next month
    (the parameters of the evaluated month's year)."""
    day = DistrictParameters.for_year(month.year).filing_deadline_day
    return next_month(month).replace(day=day)


def _check_fields(fields: dict) -> None:
    unexpected = set(fields) - CONTENT_FIELDS
    if unexpected:
        raise ValueError(f"MonthlyEvaluation: fields not allowed here: {sorted(unexpected)}")


def _record(evaluation, action: str, *, actor, ip, comment: str = "") -> None:
    EvaluationEvent.objects.create(
        evaluation=evaluation, action=action, actor=actor, comment=comment
    )
    AuditEvent.objects.record(
        event=f"evaluation_{action}",
        actor=actor,
        ip=ip,
        obj=evaluation,
        detail=f"status={evaluation.status}" + (f"; {comment}" if comment else ""),
    )


def _check_month_and_unit(supervisor: Supervisor, unit: Unit, month: date) -> None:
    if month > timezone.localdate().replace(day=1):
        raise refusal(
            "month",
            _("This month has not begun yet; evaluate it from its first day on."),
            "future_month",
        )
    # Assigned on at least one day of the month (an assignment's end is not covered).
    assigned = (
        Assignment.objects.filter(supervisor=supervisor, unit=unit, start__lte=month_end(month))
        .filter(Q(end__isnull=True) | Q(end__gt=month))
        .exists()
    )
    if not assigned:
        raise refusal(
            "unit",
            _("%(unit)s was not assigned to you in %(month)s.")
            % {"unit": unit, "month": f"{month:%Y-%m}"},
            "not_assigned",
        )


def _duplicate_error(month: date) -> ValidationError:
    return refusal(
        "month",
        _(
            "Your evaluation of this unit for %(month)s is already on record; "
            "open it from your evaluations."
        )
        % {"month": f"{month:%Y-%m}"},
        "duplicate",
    )


def evaluation_create(
    *,
    supervisor: Supervisor,
    unit: Unit,
    month: date,
    actor: User,
    ip: str | None = None,
    **fields,
) -> MonthlyEvaluation:
    """A draft evaluation of ``unit`` for ``month`` (its first day) by ``supervisor``."""
    _check_fields(fields)
    if month is not None and month.day != 1:
        raise refusal("month", _("A month is given by its first day."), "month")
    _check_month_and_unit(supervisor, unit, month)
    evaluation = MonthlyEvaluation(supervisor=supervisor, unit=unit, month=month, **fields)
    # The one-per-month constraint is checked by the database below (two tabs, one month).
    evaluation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            evaluation.save()
            _record(evaluation, Action.CREATE, actor=actor, ip=ip)
    except IntegrityError:
        if MonthlyEvaluation.objects.filter(supervisor=supervisor, unit=unit, month=month).exists():
            raise _duplicate_error(month) from None
        raise
    return evaluation


def not_editable_error(evaluation: MonthlyEvaluation) -> ValidationError:
    if evaluation.status == Status.APPROVED:
        message = _("This evaluation is approved and can no longer be changed.")
    else:
        message = _(
            "This evaluation is submitted and awaits the district's review; "
            "it can be changed only if the district returns it."
        )
    return refusal("status", message, "not_editable")


@transaction.atomic
def evaluation_update(
    *,
    evaluation: MonthlyEvaluation,
    version: int,
    actor: User,
    ip: str | None = None,
    **fields,
) -> MonthlyEvaluation:
    """Change a draft or returned evaluation's content; a stale form (``version``) is refused."""
    _check_fields(fields)
    current = lock_versioned(MonthlyEvaluation, pk=evaluation.pk, version=version)
    if not current.editable:
        raise not_editable_error(current)
    for field, value in fields.items():
        setattr(current, field, value)
    current.full_clean(validate_constraints=False)
    current.save()
    _record(current, Action.EDIT, actor=actor, ip=ip)
    return current


def _lock(evaluation: MonthlyEvaluation) -> MonthlyEvaluation:
    return MonthlyEvaluation.objects.select_for_update().get(pk=evaluation.pk)


@transaction.atomic
def evaluation_submit(
    *,
    evaluation: MonthlyEvaluation,
    actor: User,
    ip: str | None = None,
    now: datetime | None = None,
) -> MonthlyEvaluation:
    """Send a draft or returned evaluation to the district. The first submission is the
    filing: after the deadline it is marked late (and stays so when resubmitted)."""
    now = now or timezone.now()
    current = _lock(evaluation)
    if not current.editable:
        raise not_editable_error(current)
    missing = {
        name: ValidationError(_("Fill this in before submitting."), code="incomplete")
        for name in REQUIRED_TO_SUBMIT
        if getattr(current, name) in (None, 0)
    }
    if missing:
        raise ValidationError(missing)
    if current.submitted_at is None:
        current.submitted_at = now
        current.late = timezone.localdate(now) > filing_deadline(current.month)
    current.status = Status.SUBMITTED
    current.save()
    _record(current, Action.SUBMIT, actor=actor, ip=ip)
    return current


def _decided_error(evaluation: MonthlyEvaluation) -> ValidationError:
    """Why a reviewer cannot decide ``evaluation`` now (it is not awaiting review)."""
    if evaluation.status in (Status.APPROVED, Status.RETURNED) and evaluation.reviewed_by_id:
        reviewer = User.objects.filter(pk=evaluation.reviewed_by_id).first()
        message = _("This evaluation was already %(decision)s by %(reviewer)s at %(at)s.") % {
            "decision": evaluation.get_status_display(),
            "reviewer": (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "—",
            "at": date_format(timezone.localtime(evaluation.reviewed_at), "Y-m-d H:i"),
        }
    else:
        message = _("This evaluation is not awaiting review (it is %(status)s).") % {
            "status": evaluation.get_status_display()
        }
    return refusal("status", message, "already_decided")


def _decide(current: MonthlyEvaluation, status: str, *, actor, ip, comment="") -> None:
    current.status = status
    current.reviewed_by = actor
    current.reviewed_at = timezone.now()
    current.save()
    _record(
        current,
        Action.APPROVE if status == Status.APPROVED else Action.RETURN,
        actor=actor,
        ip=ip,
        comment=comment,
    )


@transaction.atomic
def evaluation_return(
    *, evaluation: MonthlyEvaluation, comment: str, actor: User, ip: str | None = None
) -> MonthlyEvaluation:
    """Send a submitted evaluation back to its supervisor, saying what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise refusal("comment", _("Say what the supervisor should change."), "comment_required")
    max_length = EvaluationEvent._meta.get_field("comment").max_length
    if len(comment) > max_length:
        raise refusal("comment", _("At most %(n)d characters.") % {"n": max_length}, "max_length")
    current = _lock(evaluation)
    if current.status != Status.SUBMITTED:
        raise _decided_error(current)
    _decide(current, Status.RETURNED, actor=actor, ip=ip, comment=comment)
    return current


@transaction.atomic
def evaluation_approve(
    *, evaluation: MonthlyEvaluation, actor: User, ip: str | None = None
) -> MonthlyEvaluation:
    """Approve a submitted evaluation: from now on it is read-only (and counts for V5)."""
    current = _lock(evaluation)
    if current.status != Status.SUBMITTED:
        raise _decided_error(current)
    _decide(current, Status.APPROVED, actor=actor, ip=ip)
    return current


@transaction.atomic
def evaluations_approve(
    *, evaluations, actor: User, ip: str | None = None
) -> list[MonthlyEvaluation]:
    """Approve several submitted evaluations at once, all or none: if any was decided
    meanwhile (or is not submitted), nothing is approved and the refusal names them."""
    pks = sorted({e.pk for e in evaluations})
    if not pks:
        raise refusal("evaluations", _("Select at least one evaluation."), "empty")
    # Locked in primary-key order, so two bulk approvals cannot deadlock.
    current = list(MonthlyEvaluation.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    refused = [e.pk for e in current if e.status != Status.SUBMITTED]
    if refused:
        details = "；".join(
            f"{e.unit} {e.month:%Y-%m}: " + " ".join(_decided_error(e).messages)
            for e in MonthlyEvaluation.objects.select_related("unit").filter(pk__in=refused)
        )
        raise refusal(
            "evaluations",
            _("Nothing was approved. %(details)s Reload the list.") % {"details": details},
            "already_decided",
        )
    for evaluation in current:
        _decide(evaluation, Status.APPROVED, actor=actor, ip=ip)
    return current
