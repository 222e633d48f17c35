#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    # Nothing else is assumed: the demo sets DEMO=1 DEBUG=1 itself (`make run`).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shangcheng.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
