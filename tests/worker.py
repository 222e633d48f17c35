"""A real ``celery worker`` over Redis, on the PostgreSQL test database, for the tests that
must prove a task works through the broker (TESTING.md). They skip, saying why, without
``CELERY_BROKER_URL`` or a PostgreSQL ``DATABASE_URL``; CI provides both."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.db import connection

from shangcheng.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# A solo worker that starts fast: no heartbeats, gossip or mingle with other workers.
OPTIONS = ["--pool=solo", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip"]
OPTIONS += ["--without-mingle"]

_MARKS = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs DATABASE_URL=postgres://… (the worker must share the test database; "
        "an in-memory SQLite test database cannot be shared)",
    ),
    pytest.mark.skipif(not BROKER_URL, reason="needs Redis: set CELERY_BROKER_URL=redis://…"),
]


def needs_worker(test):
    """Marks a test that uses the ``celery_worker`` fixture (skips without the services)."""
    for mark in _MARKS:
        test = mark(test)
    return test


def _url_with_path(url, path):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _reset_backend(app):
    """Forget the app's cached result backend: the next use builds it from the conf."""
    app._backend_cache = None
    app._local = threading.local()


class Worker:
    """One worker process on a queue of its own (no other worker on this Redis can take
    the tasks); ``result(task.apply_async(queue=worker.queue))`` waits for a task."""

    def __init__(self, tmp_path, backend, env):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.log = tmp_path / "worker.log"
        command = [sys.executable, "-m", "celery", "-A", "shangcheng", "worker", *OPTIONS]
        command += ["-Q", self.queue, "-n", f"{self.queue}@%h"]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "shangcheng.settings",
            "DEBUG": "1",
            "REQUIRE_2FA": "0",
            # The worker works on pytest-django's test database (test_<name>).
            "DATABASE_URL": _url_with_path(DATABASE_URL, "/" + connection.settings_dict["NAME"]),
            "CELERY_BROKER_URL": BROKER_URL,
            "CELERY_RESULT_BACKEND": backend,
            "CONN_MAX_AGE": "0",
            **env,
        }
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def result(self, async_result, timeout=60):
        """The task's return value within ``timeout`` s, or a failure showing the log."""
        try:
            return async_result.get(timeout=timeout)
        except CeleryTimeoutError:
            pytest.fail(f"no result within {timeout} s; worker log:\n{self.log.read_text()}")
        finally:
            async_result.forget()

    def stop(self):
        import redis

        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        # Leave nothing of our queue behind in Redis (kombu keeps its bindings as keys).
        broker = redis.Redis.from_url(BROKER_URL)
        q = self.queue
        broker.delete(q, f"_kombu.binding.{q}", f"_kombu.binding_permanent.{q}")
        broker.close()


def start_worker(tmp_path, **env):
    """Point the project's Celery app at Redis (not eager, a Redis result backend) and start
    a worker; the caller stops it with ``stop_worker``."""
    backend = os.environ.get("CELERY_RESULT_BACKEND") or _url_with_path(BROKER_URL, "/1")
    conf = celery_app.conf
    saved = {k: conf[k] for k in ("task_always_eager", "broker_url", "result_backend")}
    conf.update(task_always_eager=False, broker_url=BROKER_URL, result_backend=backend)
    _reset_backend(celery_app)
    worker = Worker(tmp_path, backend, env)
    worker.saved_conf = saved
    return worker


def stop_worker(worker):
    worker.stop()
    celery_app.conf.update(worker.saved_conf)
    _reset_backend(celery_app)
