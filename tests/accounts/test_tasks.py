"""The audit-log retention job: keeps ≥ 180 days, deletes only older rows, is idempotent.

The eager tests run the task in-process (tests.settings). The worker test sends it through
Redis to a real ``celery worker`` against the same PostgreSQL test database.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.tasks import prune_audit_log
from shangcheng.celery import app as celery_app
from tests.worker import needs_worker

ROOT = Path(__file__).resolve().parents[2]


def _event(days_ago, event="login"):
    """An audit event dated ``days_ago`` days back (rows are never updated: date it at once)."""
    at = timezone.now() - timedelta(days=days_ago)
    return AuditEvent.objects.create(event=event, result="success", username=f"u{days_ago}", at=at)


def _business_events():
    return AuditEvent.objects.exclude(event="job")


@pytest.fixture
def aged_log(db):
    """Written oldest first, as a live log is (the purge removes the oldest rows by id)."""
    return {days: _event(days) for days in (1000, 400, 366, 364, 200, 181, 179, 10, 0)}


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_prune_deletes_only_rows_older_than_the_retention(aged_log):
    assert prune_audit_log.delay().get() == 3
    kept = set(_business_events().values_list("pk", flat=True))
    assert kept == {aged_log[d].pk for d in (0, 10, 179, 181, 200, 364)}


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_prune_never_keeps_less_than_180_days(aged_log):
    """The Cybersecurity Law's six months hold even if the setting is lowered by hand."""
    assert prune_audit_log() == 6
    kept = set(_business_events().values_list("pk", flat=True))
    assert kept == {aged_log[d].pk for d in (0, 10, 179)}


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_prune_is_idempotent_and_audited(aged_log):
    assert prune_audit_log() == 3
    assert prune_audit_log() == 0
    jobs = list(AuditEvent.objects.filter(event="job").order_by("pk"))
    assert [j.object for j in jobs] == ["prune_audit_log", "prune_audit_log"]
    assert [j.result for j in jobs] == ["success", "success"]
    assert jobs[0].detail.startswith("deleted=3 ")
    assert jobs[1].detail.startswith("deleted=0 ")
    assert "retention_days=365" in jobs[0].detail


def test_prune_on_an_empty_log_records_the_run(db):
    assert prune_audit_log() == 0
    assert AuditEvent.objects.get().event == "job"


def test_single_deletes_stay_refused(aged_log):
    """The prune is a queryset delete; the model itself still refuses one-by-one deletes."""
    with pytest.raises(ValueError):
        aged_log[1000].delete()


def test_beat_runs_the_prune_daily_at_three_in_shanghai():
    entry = settings.CELERY_BEAT_SCHEDULE["prune-audit-log"]
    assert entry["task"] == prune_audit_log.name == "accounts.tasks.prune_audit_log"
    assert entry["task"] in celery_app.tasks
    schedule = entry["schedule"]
    assert schedule.hour == {3}
    assert schedule.minute == {0}
    assert schedule.day_of_week == set(range(7))
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
    assert settings.CELERY_ENABLE_UTC is False


# --- a real worker over Redis -----------------------------------------------------------


@needs_worker
@override_settings(AUDIT_RETENTION_DAYS=365)
def test_worker_round_trip_through_redis(celery_worker):
    old, recent = _event(400), _event(200)
    queue = celery_worker.queue
    assert celery_worker.result(prune_audit_log.apply_async(queue=queue)) == 1
    assert celery_worker.result(prune_audit_log.apply_async(queue=queue)) == 0  # idempotent
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    jobs = AuditEvent.objects.filter(event="job", object="prune_audit_log").order_by("pk")
    assert [j.detail.split()[0] for j in jobs] == ["deleted=1", "deleted=0"]
