"""Training events and who attended them (W-training), and the roster imports."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shangcheng import rules
from stations.models import Street

from ..validators import validate_plausible_date
from .people import Person

STUDY_VISIT = "study_visit"


class TrainingEvent(models.Model):
    """A training (TR1 kinds and levels) or the district's study visit (TR2)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=[*rules.TrainingKind.choices(), (STUDY_VISIT, _("study visit"))],
    )
    level = models.CharField(_("level"), max_length=10, choices=rules.TrainingLevel.choices())
    held_on = models.DateField(_("held on"), validators=[validate_plausible_date])
    street = models.ForeignKey(
        Street,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("organising street"),
        help_text=_("Empty for district-level events."),
    )
    attendees = models.ManyToManyField(
        Person, through="Attendance", related_name="trainings", verbose_name=_("attendees")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="district", street__isnull=True)
                | (~Q(level="district") & Q(street__isnull=False)),
                name="training_street_by_level",
                violation_error_message=_(
                    "A district event has no street; a street or community event names one."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class Attendance(models.Model):
    event = models.ForeignKey(TrainingEvent, models.CASCADE, verbose_name=_("training event"))
    person = models.ForeignKey(Person, models.CASCADE, verbose_name=_("person"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="attend_once"),
        ]

    def __str__(self):
        return f"{self.person} @ {self.event}"


class RosterImport(models.Model):
    """An uploaded roster workbook (``staffing.roster``): previewed, then applied once.

    The dry run is computed once at upload and kept in ``preview`` (the preview page reads
    only that); the checked file is kept for the confirmation, which re-reads and re-checks
    it. A file with errors can never be confirmed, so it is not kept at all. Nothing of an
    import lives only in the session.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        APPLIED = "applied", _("applied")
        FAILED = "failed", _("failed")

    street = models.ForeignKey(
        Street, models.PROTECT, related_name="roster_imports", verbose_name=_("street")
    )
    # The project's user model; accounts are deactivated, never deleted (audit trail).
    uploaded_by = models.ForeignKey(
        "accounts.User", models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file content"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    creates = models.PositiveIntegerField(_("rows creating a person"), default=0)
    updates = models.PositiveIntegerField(_("rows changing the roster"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # The dry run as the preview page shows it (``roster.importer.preview_summary``):
    # computed once at upload, ID numbers masked; emptied once applied, failed or lapsed.
    preview = models.JSONField(_("preview"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self):
        return f"{self.street} · {self.file_name} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("staffing:roster_preview", args=[self.pk])
