from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        # Celery autodiscovers tasks.py only: register the reminder task too.
        from . import reminders  # noqa: F401

        # Closing a year (stations.models.closing): lock this app's dated records.
        from .closing import register_all

        register_all()
