"""Celery tasks of the composition layer (they combine apps): thin, idempotent, audited."""

from celery import shared_task

from accounts.models import AuditEvent
from shangcheng import findings


@shared_task
def refresh_findings() -> dict:
    """Every unit's findings recomputed (beat, 01:30 Asia/Shanghai) for what the calendar
    alone changes: tenure anniversaries, target years, expiring certificates."""
    counts = findings.refresh_all()
    AuditEvent.objects.record(
        event="job",
        username="system",
        obj="refresh_findings",
        detail="streets={streets} units={units} rows={rows}".format(**counts),
    )
    return counts
