"""Test settings: the project's settings with the demo defaults and a fast hasher."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DEMO", "1")
os.environ.setdefault("REQUIRE_2FA", "0")

from shangcheng.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run tasks in-process; the worker round-trip test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
