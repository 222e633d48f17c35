"""Job records: every long run (year-end appraisals, later the workbooks) leaves one row
with its status and progress, which the page that started it polls."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportRun(models.Model):
    class Kind(models.TextChoices):
        YEAR_END = "year_end", _("year-end supervisor appraisals")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self):
        return f"{self.get_kind_display()} {self.params} {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class UnitFinding(models.Model):
    """One finding of one unit as computed at ``computed_at`` (``shangcheng.findings``): the
    table pages read instead of computing every unit's findings per request. A unit's rows
    are replaced together when its records change (on commit) and every night; never edited.
    """

    unit = models.ForeignKey(
        "stations.Unit", models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    rule = models.CharField(_("rule"), max_length=10)
    clause = models.CharField(_("clause"), max_length=40)
    severity = models.CharField(_("severity"), max_length=20)
    message = models.TextField(_("message"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["unit", "pk"]
        verbose_name = _("unit finding")
        verbose_name_plural = _("unit findings")
        indexes = [
            models.Index(fields=["unit"], name="unitfinding_unit"),
            models.Index(fields=["rule"], name="unitfinding_rule"),
            models.Index(fields=["severity"], name="unitfinding_severity"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.rule} {self.severity}"
