from django.apps import AppConfig
from django.utils.translation import gettext


class ShangchengConfig(AppConfig):
    """The project package as an app: home and policy pages, template tags, commands."""

    name = "shangcheng"
    verbose_name = "上城区社会工作站（室）管理平台"

    def ready(self):
        from shangcheng import celery, findings, rules  # noqa: F401  (celery: bind shared tasks)

        # The rules module imports nothing from Django; it borrows Django's gettext here so
        # finding messages follow the user's language.
        rules.set_translator(gettext)
        # Findings kept as rows: refreshed on commit when a record that feeds them is written.
        findings.connect()
