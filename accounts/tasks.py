"""Celery tasks of the accounts app: thin wrappers that do one job and audit it."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent


@shared_task
def prune_audit_log() -> int:
    """Delete audit events older than ``AUDIT_RETENTION_DAYS`` (≥ 180 days); return the count.

    The model and its querysets refuse deletes (append-only for the application; on
    PostgreSQL a trigger too); this retention purge is the one sanctioned delete. It removes
    the oldest rows in id order and moves the chain's anchor to the last of them, so
    ``verify_audit`` still checks every remaining row. Idempotent: a second run on the same
    day deletes nothing. The run itself is audited (``event="job"``).
    """
    days = max(180, settings.AUDIT_RETENTION_DAYS)
    cutoff = timezone.now() - timedelta(days=days)
    if not may_delete_audit_rows():
        # Separate roles (docs/OPERATIONS.md): the owner runs `manage.py purge_audit` instead.
        AuditEvent.objects.record(
            event="job",
            username="system",
            obj="prune_audit_log",
            result=AuditEvent.Result.FAILURE,
            detail="skipped: this database role may not delete audit rows; "
            "run manage.py purge_audit with the owner's role",
        )
        return 0
    with transaction.atomic():
        deleted = AuditEvent.objects.purge_before(cutoff)
        AuditEvent.objects.record(
            event="job",
            username="system",
            obj="prune_audit_log",
            detail=f"deleted={deleted} retention_days={days} before={cutoff.isoformat()}",
        )
    return deleted


def may_delete_audit_rows() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_table_privilege(%s, 'DELETE')", [AuditEvent._meta.db_table])
        return cursor.fetchone()[0]
