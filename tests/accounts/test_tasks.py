"""The audit-log retention job: keeps ≥ 180 days, deletes only older rows, is idempotent.

The eager tests run the task in-process (tests.settings). The worker test sends it through
Redis to a real ``celery worker`` against the same PostgreSQL test database.
"""

import os
import subprocess
import sys
import threading
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.tasks import prune_audit_log
from shangcheng.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _event(days_ago, event="login"):
    """An audit event dated ``days_ago`` days back (``at`` is auto_now_add, so set it after)."""
    row = AuditEvent.objects.create(event=event, result="success", username=f"u{days_ago}")
    AuditEvent.objects.filter(pk=row.pk).update(at=timezone.now() - timedelta(days=days_ago))
    return row


def _business_events():
    return AuditEvent.objects.exclude(event="job")


@pytest.fixture
def aged_log(db):
    return {days: _event(days) for days in (0, 10, 179, 181, 200, 364, 366, 400, 1000)}


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

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# A solo worker that starts fast: no heartbeats, gossip or mingle with other workers.
WORKER_OPTIONS = ["--pool=solo", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip"]
WORKER_OPTIONS += ["--without-mingle"]


def _url_with_path(url, path):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _reset_backend(app):
    """Forget the app's cached result backend: the next use builds it from the conf."""
    app._backend_cache = None
    app._local = threading.local()


@pytest.fixture
def worker_app():
    """The project's Celery app, for this test only: not eager, with a Redis result backend."""
    backend = os.environ.get("CELERY_RESULT_BACKEND") or _url_with_path(BROKER_URL, "/1")
    conf = celery_app.conf
    saved = {k: conf[k] for k in ("task_always_eager", "broker_url", "result_backend")}
    conf.update(task_always_eager=False, broker_url=BROKER_URL, result_backend=backend)
    _reset_backend(celery_app)
    yield celery_app, backend
    conf.update(saved)
    _reset_backend(celery_app)


def _result(async_result, log, timeout=60):
    """The task's return value within ``timeout`` seconds, or a failure showing the worker log."""
    try:
        return async_result.get(timeout=timeout)
    except CeleryTimeoutError:
        pytest.fail(f"no result within {timeout} s; worker log:\n{log.read_text()}")
    finally:
        async_result.forget()


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL=postgres://… (the worker must share the test database; "
    "an in-memory SQLite test database cannot be shared)",
)
@pytest.mark.skipif(not BROKER_URL, reason="needs Redis: set CELERY_BROKER_URL=redis://…")
@override_settings(AUDIT_RETENTION_DAYS=365)
def test_worker_round_trip_through_redis(transactional_db, worker_app, tmp_path):
    _, backend = worker_app
    old, recent = _event(400), _event(200)
    # A queue of our own: no other worker on this Redis can take the task.
    queue = f"test-prune-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shangcheng.settings",
        "DEBUG": "1",
        "REQUIRE_2FA": "0",
        "AUDIT_RETENTION_DAYS": "365",
        # The worker works on pytest-django's test database (test_<name>), not the real one.
        "DATABASE_URL": _url_with_path(DATABASE_URL, "/" + connection.settings_dict["NAME"]),
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": backend,
        "CONN_MAX_AGE": "0",
    }
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "shangcheng", "worker", *WORKER_OPTIONS]
    command += ["-Q", queue]
    command += ["-n", f"{queue}@%h"]
    with log.open("w") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        assert _result(prune_audit_log.apply_async(queue=queue), log) == 1
        assert _result(prune_audit_log.apply_async(queue=queue), log) == 0  # idempotent
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        # Leave nothing of our queue behind in Redis (kombu keeps its bindings as keys).
        broker = redis.Redis.from_url(BROKER_URL)
        broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        broker.close()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    jobs = AuditEvent.objects.filter(event="job", object="prune_audit_log").order_by("pk")
    assert [j.detail.split()[0] for j in jobs] == ["deleted=1", "deleted=0"]
