"""Unfiled monthly evaluations: which (supervisor, unit) pairs owe last month's evaluation,
and the monthly reminder job (django-celery-beat, ``remind-unfiled-evaluations``).

Celery autodiscovers only ``tasks.py``; ``SupervisionConfig.ready`` imports this module so
the task is registered too.
"""

import logging
from collections import Counter
from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent

from .models import Assignment, MonthlyEvaluation, Supervisor
from .months import last_month, month_end

logger = logging.getLogger(__name__)


def unfiled(month: date, supervisors=None) -> set[tuple[int, int]]:
    """(supervisor id, unit id) of every assignment in force on some day of ``month`` (its
    first day) with no evaluation of that month, whatever its status: two queries.
    ``supervisors``: a queryset to narrow to (default every supervisor)."""
    links = Assignment.objects.filter(start__lte=month_end(month)).filter(
        Q(end__isnull=True) | Q(end__gt=month)
    )
    evaluations = MonthlyEvaluation.objects.filter(month=month)
    if supervisors is not None:
        links = links.filter(supervisor__in=supervisors)
        evaluations = evaluations.filter(supervisor__in=supervisors)
    owed = set(links.values_list("supervisor_id", "unit_id"))
    return owed - set(evaluations.values_list("supervisor_id", "unit_id"))


def _send(supervisors: dict[int, int], month: date) -> int:
    """Email each supervisor with an account and an address; returns how many were sent."""
    sent = 0
    accounts = Supervisor.objects.filter(pk__in=supervisors, user__isnull=False).select_related(
        "user"
    )
    for supervisor in accounts:
        if not supervisor.user.email:
            continue
        try:
            send_mail(
                _("Monthly evaluations of %(month)s not filed") % {"month": f"{month:%Y-%m}"},
                _(
                    "%(count)d monthly evaluations of %(month)s are not filed yet. "
                    "Please file them in the portal."
                )
                % {"count": supervisors[supervisor.pk], "month": f"{month:%Y-%m}"},
                None,
                [supervisor.user.email],
                fail_silently=False,
            )
            sent += 1
        except Exception:  # a mail server down must not lose the job's record
            logger.exception("reminder to supervisor %s not sent", supervisor.pk)
    return sent


def _mail_configured() -> bool:
    """A mail server named by the deployment (``EMAIL_HOST``; empty by default)."""
    return bool(settings.EMAIL_HOST)


@shared_task
def mark_unfiled_evaluations(on: str | None = None) -> dict:
    """Record last month's unfiled evaluations (an audit ``job`` row with the counts) and,
    when a mail server is configured, remind each supervisor concerned. Idempotent: it
    changes no evaluation; a second run records the same counts again."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    month = last_month(day)
    missing = unfiled(month)
    per_supervisor = Counter(supervisor_id for supervisor_id, _unit in missing)
    sent = _send(per_supervisor, month) if _mail_configured() and per_supervisor else 0
    result = {
        "month": f"{month:%Y-%m}",
        "unfiled": len(missing),
        "supervisors": len(per_supervisor),
        "emails": sent,
    }
    AuditEvent.objects.record(
        event="job",
        username="system",
        obj="mark_unfiled_evaluations",
        detail=" ".join(f"{key}={value}" for key, value in result.items()),
    )
    return result
