from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Stations and workrooms")

    def ready(self):
        # Closing a year (stations.models.closing): lock this app's dated records.
        from .closing import register_all

        register_all()
