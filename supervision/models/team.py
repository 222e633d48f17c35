"""Who supervises (V1), for how long (V2/V3), which units (V6), and the district's yearly
parameters (fee, weights, thresholds, filing deadline)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.access import is_supervisor
from shangcheng import rules
from shangcheng.versioning import Versioned, versioned_history
from staffing.models import Person
from stations.models import Unit


class Supervisor(Versioned):
    """A 社工督导: a person of the roster, with their type (V1) and level (T5, V6)."""

    person = models.OneToOneField(
        Person, models.PROTECT, related_name="supervisor", verbose_name=_("person")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervisor_profile",
        limit_choices_to={"role": "supervisor"},
        verbose_name=_("user account"),
    )
    type = models.CharField(_("type"), max_length=12, choices=rules.SupervisorType.choices())
    level = models.CharField(_("level"), max_length=12, choices=rules.SupervisorLevel.choices())
    full_time = models.BooleanField(_("full-time supervisor"), default=False)
    # V5 pays a full-time supervisor on a district-or-higher supervision project.
    project_level = models.CharField(
        _("supervision project level"),
        max_length=12,
        choices=rules.ProjectLevel.choices(),
        blank=True,
    )
    history = versioned_history()

    class Meta:
        ordering = ["person__name", "pk"]
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")

    def __str__(self):
        return self.person.name

    def clean(self):
        super().clean()
        if self.user_id and not is_supervisor(self.user):
            raise ValidationError({"user": _("Only an account of the supervisor role.")})


class Engagement(models.Model):
    """A service period (V2: at least 3 years); ``end`` is its inclusive last day."""

    supervisor = models.ForeignKey(
        Supervisor, models.CASCADE, related_name="engagements", verbose_name=_("supervisor")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("last day"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supervisor", "-start"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="engagement_ends_after_start",
                violation_error_message=_("The last day cannot be before the start."),
            )
        ]

    def __str__(self):
        return f"{self.supervisor} {self.start}–{self.end or ''}"

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Agreement(models.Model):
    """A yearly agreement of an engagement (V3: none longer than a year, inclusive last day)."""

    engagement = models.ForeignKey(
        Engagement, models.CASCADE, related_name="agreements", verbose_name=_("engagement")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("last day"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["engagement", "start"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="agreement_ends_after_start",
                violation_error_message=_("The last day cannot be before the start."),
            )
        ]

    def __str__(self):
        return f"{self.engagement.supervisor} {self.start}–{self.end}"


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, day: date):
        """Links in force on ``day``; ``end`` is the day the link ended (not covered)."""
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gt=day))


class Assignment(models.Model):
    """A supervisor linked to a unit over dates (V6); core members of a station too."""

    supervisor = models.ForeignKey(
        Supervisor, models.CASCADE, related_name="assignments", verbose_name=_("supervisor")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="supervision_assignments", verbose_name=_("unit")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("date ended"), null=True, blank=True)
    core = models.BooleanField(_("core member of the station"), default=False)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "start"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["unit", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="assignment_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self):
        return f"{self.supervisor} → {self.unit}"


class DistrictParameters(models.Model):
    """The district's parameters of a year (V4, V5): fee, weights, thresholds, deadline."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    monthly_fee = models.DecimalField(
        _("fee per approved month (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    weight_ability = models.PositiveSmallIntegerField(_("weight: 履职能力"), default=25)
    weight_quality = models.PositiveSmallIntegerField(_("weight: 专业素质"), default=25)
    weight_results = models.PositiveSmallIntegerField(_("weight: 工作实绩"), default=25)
    weight_conduct = models.PositiveSmallIntegerField(_("weight: 作风表现"), default=25)
    excellent = models.PositiveSmallIntegerField(_("优秀 from"), default=90)
    qualified = models.PositiveSmallIntegerField(_("合格 from"), default=75)
    basic = models.PositiveSmallIntegerField(_("基本合格 from"), default=60)
    filing_deadline_day = models.PositiveSmallIntegerField(
        _("monthly filing deadline (day of the next month)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("district parameters")
        verbose_name_plural = _("district parameters")

    def __str__(self):
        return str(self.year)

    def clean(self):
        super().clean()
        if (
            self.weight_ability + self.weight_quality + self.weight_results + self.weight_conduct
            != 100
        ):
            raise ValidationError(_("The four weights add up to 100."))
        if not self.basic < self.qualified < self.excellent <= 100:
            raise ValidationError(_("Thresholds rise: 基本合格 < 合格 < 优秀 ≤ 100."))

    def as_rules(self) -> rules.DistrictParams:
        return rules.DistrictParams(
            monthly_fee=self.monthly_fee,
            weights={
                rules.Dimension.ABILITY: self.weight_ability,
                rules.Dimension.QUALITY: self.weight_quality,
                rules.Dimension.RESULTS: self.weight_results,
                rules.Dimension.CONDUCT: self.weight_conduct,
            },
            excellent=self.excellent,
            qualified=self.qualified,
            basic=self.basic,
        )

    @classmethod
    def for_year(cls, year: int) -> "DistrictParameters":
        """The year's parameters, or the document's defaults (unsaved) when none are set."""
        return cls.objects.filter(year=year).first() or cls(year=year)
