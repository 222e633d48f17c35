"""Celery tasks of staffing: thin, idempotent, audited."""

from celery import shared_task
from django.utils import timezone

from accounts.models import AuditEvent

from . import services


@shared_task
def expire_roster_previews() -> int:
    """Drop the files of roster previews left unconfirmed for 7 days; returns how many."""
    count = services.roster_imports_expire(now=timezone.now())
    AuditEvent.objects.record(
        event="job", username="system", obj="expire_roster_previews", detail=f"expired={count}"
    )
    return count
