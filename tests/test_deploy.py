"""What production runs at build time works (collectstatic with the manifest storage), and
a production start-up without what production needs refuses to start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_collectstatic_with_manifest_storage_succeeds(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "collectstatic-test-key-not-secret-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "sqlite:///:memory:",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",  # only read, never connected
        "DJANGO_SETTINGS_MODULE": "shangcheng.settings",
    }
    code = (
        "import django, sys; from django.conf import settings; "
        f"settings.STATIC_ROOT = {str(tmp_path)!r}; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('collectstatic', '--noinput', verbosity=0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
    assert "vendor/htmx/htmx.min.js" in manifest


def test_without_debug_a_missing_broker_refuses_to_start():
    """With DEBUG off, tasks must not silently run inside web requests (eager Celery)."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "broker-test-key-not-secret-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "sqlite:///:memory:",
        "CELERY_BROKER_URL": "",  # set but empty: a .env beside manage.py cannot fill it in
        "DJANGO_SETTINGS_MODULE": "shangcheng.settings",
    }
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "CELERY_BROKER_URL 未设置" in result.stderr


def test_importing_the_rules_loads_neither_django_nor_celery():
    code = (
        "import sys; import shangcheng.rules; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'celery')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
