#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shangcheng.settings")
    # The embedded default (no DATABASE_URL, no .env) is the developer's demo: debug on unless
    # told otherwise. A configured deployment sets its database and keeps DEBUG off.
    configured = "DATABASE_URL" in os.environ or (Path(__file__).parent / ".env").exists()
    if not configured:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
