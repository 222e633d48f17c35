"""The Celery app: later issues only add ``tasks.py`` modules to the apps.

With no ``CELERY_BROKER_URL`` the settings make every task run eagerly in-process, so the
embedded demo and the test suite need no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shangcheng.settings")

app = Celery("shangcheng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
