"""Test settings: the project's settings with the demo defaults and a fast hasher."""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DEMO", "1")
os.environ.setdefault("REQUIRE_2FA", "0")

from shangcheng.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run tasks in-process; the worker round-trip test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A test database file (one per test process), not Django's in-memory default: parallel
    # requests (tests/test_concurrency.py) then meet SQLite's real file locking, WAL and
    # busy timeout, as under `make run`; an in-memory database shared between threads
    # locks by table and ignores the timeout.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"shangcheng-test-{os.getpid()}.sqlite3")
    }
