"""Monthly evaluations with their review trail, and the year-end appraisal (V4, V5)."""

import re
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shangcheng import rules
from shangcheng.uploads import clean_file_name
from shangcheng.versioning import Versioned, versioned_history
from stations.models import Unit

from .team import Supervisor

SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class MonthlyEvaluation(Versioned):
    """A supervisor's evaluation of one unit for one month, reviewed by the district."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    class Form(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        GROUP = "group", _("group")
        ONSITE = "onsite", _("on site")

    supervisor = models.ForeignKey(
        Supervisor, models.PROTECT, related_name="evaluations", verbose_name=_("supervisor")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="supervision_evaluations", verbose_name=_("unit")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month evaluated."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sessions = models.PositiveSmallIntegerField(
        _("sessions"), default=0, validators=[MaxValueValidator(200)]
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("744"))],
    )
    forms = models.JSONField(_("forms of supervision"), default=list, blank=True)
    topics = models.TextField(_("topics"), blank=True, max_length=2000)
    unit_score = models.PositiveSmallIntegerField(
        _("score of the unit"), null=True, blank=True, validators=SCORE
    )
    workers_score = models.PositiveSmallIntegerField(
        _("score of the social workers"), null=True, blank=True, validators=SCORE
    )
    problems = models.TextField(_("problems found"), blank=True, max_length=2000)
    recommendations = models.TextField(_("recommendations"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("filed late"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = versioned_history()

    class Meta:
        ordering = ["-month", "unit", "pk"]
        verbose_name = _("monthly evaluation")
        verbose_name_plural = _("monthly evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["supervisor", "unit", "month"],
                name="one_evaluation_per_supervisor_unit_month",
                violation_error_message=_(
                    "This month's evaluation of this unit is already on record."
                ),
            )
        ]
        indexes = [models.Index(fields=["status", "month"])]

    def __str__(self):
        return f"{self.supervisor} · {self.unit} · {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("supervision:evaluation", args=[self.pk])

    def clean(self):
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A month is given by its first day.")})
        if not set(self.forms) <= set(self.Form.values):
            raise ValidationError({"forms": _("Unknown choice.")})

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class EvaluationEvent(models.Model):
    """One step of an evaluation's workflow: who did what, when, with which comment."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        EDIT = "edit", _("edited")
        SUBMIT = "submit", _("submitted")
        RETURN = "return", _("returned")
        APPROVE = "approve", _("approved")

    evaluation = models.ForeignKey(
        MonthlyEvaluation, models.CASCADE, related_name="events", verbose_name=_("evaluation")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["evaluation", "at", "pk"]
        verbose_name = _("evaluation step")
        verbose_name_plural = _("evaluation steps")

    def __str__(self):
        return f"{self.evaluation} {self.get_action_display()}"


def evaluation_file_path(instance, filename: str) -> str:
    """``evaluations/<year>/<random hex><ext>``, the year of the month evaluated: the uploaded
    name never reaches the disk, only its (lower-case) extension."""
    ext = PurePath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", ext):
        ext = ""
    month = getattr(instance.evaluation, "month", None) if instance.evaluation_id else None
    year = month.year if month else timezone.localdate().year
    return f"evaluations/{year}/{uuid.uuid4().hex}{ext}"


class EvaluationFile(models.Model):
    """A file attached to a monthly evaluation by its supervisor (records of the sessions,
    sign-in sheets, photos). Downloaded only through the portal, never from ``MEDIA_URL``."""

    evaluation = models.ForeignKey(
        MonthlyEvaluation, models.CASCADE, related_name="files", verbose_name=_("evaluation")
    )
    file = models.FileField(_("attachment"), upload_to=evaluation_file_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "uploaded_at", "pk"]
        verbose_name = _("evaluation file")
        verbose_name_plural = _("evaluation files")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_file_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("supervision:evaluation_file", args=[self.pk])

    @property
    def size_kb(self) -> int:
        """The size in KB, rounded up (a file of a few bytes is 1 KB)."""
        return -(-self.size // 1024)


class AnnualAppraisal(models.Model):
    """V4: a supervisor's appraisal of a year; drafted by the year-end job, finalised by the
    district. A final appraisal is never overwritten."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    supervisor = models.ForeignKey(
        Supervisor, models.PROTECT, related_name="appraisals", verbose_name=_("supervisor")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    # Work indicators computed by the year-end job from the year's evaluations.
    months_engaged = models.PositiveSmallIntegerField(_("months engaged"), default=0)
    months_approved = models.PositiveSmallIntegerField(_("months approved"), default=0)
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, default=Decimal("0"))
    late_filings = models.PositiveSmallIntegerField(_("late filings"), default=0)
    # The four dimensions of V4, entered by the district.
    ability = models.PositiveSmallIntegerField(
        _("履职能力"), null=True, blank=True, validators=SCORE
    )
    quality = models.PositiveSmallIntegerField(
        _("专业素质"), null=True, blank=True, validators=SCORE
    )
    results = models.PositiveSmallIntegerField(
        _("工作实绩"), null=True, blank=True, validators=SCORE
    )
    conduct = models.PositiveSmallIntegerField(
        _("作风表现"), null=True, blank=True, validators=SCORE
    )
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=rules.Grade.choices(), blank=True)
    renewal_advice = models.CharField(_("renewal advice"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalised by"),
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "supervisor"]
        verbose_name = _("annual appraisal")
        verbose_name_plural = _("annual appraisals")
        constraints = [
            models.UniqueConstraint(
                fields=["supervisor", "year"], name="one_appraisal_per_supervisor_year"
            )
        ]

    def __str__(self):
        return f"{self.supervisor} {self.year}"

    @property
    def scores(self) -> dict[str, int | None]:
        return {
            rules.Dimension.ABILITY: self.ability,
            rules.Dimension.QUALITY: self.quality,
            rules.Dimension.RESULTS: self.results,
            rules.Dimension.CONDUCT: self.conduct,
        }
