"""Celery tasks of the accounts app: thin wrappers that do one job and audit it."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditEvent


@shared_task
def prune_audit_log() -> int:
    """Delete audit events older than ``AUDIT_RETENTION_DAYS`` (≥ 180 days); return the count.

    The model refuses single deletes (append-only for the application); this retention
    prune is the one sanctioned delete, done as a queryset delete. Idempotent: a second run
    on the same day deletes nothing. The run itself is audited (``event="job"``).
    """
    days = max(180, settings.AUDIT_RETENTION_DAYS)
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
        AuditEvent.objects.record(
            event="job",
            username="system",
            obj="prune_audit_log",
            detail=f"deleted={deleted} retention_days={days} before={cutoff.isoformat()}",
        )
    return deleted
