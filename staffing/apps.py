from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self):
        # Closing a year (stations.models.closing): lock this app's dated records.
        from .closing import register_all

        register_all()
