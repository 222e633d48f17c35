"""Projects (P1 "123N", P2 "13N", C1 stages, P3), case studies (C2/C3), funding (G2),
demonstration-site budgets (G6), awards (G5) and practice bases (G4)."""

import re
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shangcheng import rules
from shangcheng.versioning import Versioned, versioned_history
from stations.models import Street, Unit

YEAR = [MinValueValidator(2022), MaxValueValidator(2100)]
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Project(Versioned):
    """A unit's project in its category (P1/P2), with its C1 stage and P3 declaration."""

    class Source(models.TextChoices):
        VENTURE_FUND = "venture_fund", _("venture fund")
        PURCHASE = "purchase", _("government purchase of service")
        DISTRICT_BUDGET = "district_budget", _("district budget")
        OTHER = "other", _("other")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="projects", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(
        _("category"), max_length=20, choices=rules.ProjectCategory.choices()
    )
    first_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR)
    last_year = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, validators=YEAR
    )
    focus_areas = models.JSONField(_("focus areas (L3)"), default=list, blank=True)
    partners = models.CharField(
        _("partner departments and social forces"), max_length=300, blank=True
    )
    neighbour_workrooms = models.ManyToManyField(
        Unit, blank=True, related_name="joined_projects", verbose_name=_("neighbouring workrooms")
    )
    budget = models.DecimalField(_("budget (yuan)"), null=True, blank=True, **MONEY)
    source = models.CharField(
        _("funding source"), max_length=16, choices=Source.choices, blank=True
    )
    # G3: the domain of a government purchase of service (women, children, elderly, ...).
    purchase_domain = models.CharField(_("purchase domain"), max_length=40, blank=True)
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=rules.ProjectStage.choices(),
        default=rules.ProjectStage.RESEARCH,
    )
    declared_non_administrative = models.BooleanField(
        _("declared not the street's administrative affairs (P3)"), default=False
    )
    flagged_administrative = models.BooleanField(
        _("flagged administrative by the district (P3)"), default=False
    )
    history = versioned_history(m2m_fields=[neighbour_workrooms])

    class Meta:
        ordering = ["unit", "category", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="project_years_in_order",
                violation_error_message=_("The last year cannot be before the first."),
            ),
            models.UniqueConstraint(
                fields=["unit", "name", "first_year"],
                name="one_project_name_per_unit_year",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "This unit already has a project of this name from this year."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def runs_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def summary(self) -> rules.ProjectSummary:
        return rules.ProjectSummary(
            category=self.category,
            declared_non_administrative=self.declared_non_administrative,
            flagged_administrative=self.flagged_administrative,
            name=self.name,
            stage=self.stage,
        )


class StageRecord(models.Model):
    """C1: the day a project reached a stage, with its evidence."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="stage_records", verbose_name=_("project")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=rules.ProjectStage.choices())
    reached_on = models.DateField(_("reached on"))
    evidence = models.CharField(_("evidence"), max_length=300)
    override_reason = models.CharField(_("reason for skipping a stage"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "reached_on", "pk"]
        verbose_name = _("stage record")
        verbose_name_plural = _("stage records")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="one_record_per_stage")
        ]

    def __str__(self):
        return f"{self.project} · {self.get_stage_display()}"


def case_study_file_path(instance, filename: str) -> str:
    """``cases/<year>/<random hex><ext>``: the uploaded name never reaches the disk, only its
    (lower-case) extension."""
    ext = PurePath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", ext):
        ext = ""
    return f"cases/{instance.year or 0}/{uuid.uuid4().hex}{ext}"


class CaseStudy(Versioned):
    """C2/C3: a featured service case study of a unit in a year, with its document (.docx or
    .pdf), downloaded only through the portal, never from ``MEDIA_URL``."""

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="case_studies", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    title = models.CharField(_("title"), max_length=200)
    field = models.CharField(_("field"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    file = models.FileField(_("document"), upload_to=case_study_file_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    history = versioned_history()

    class Meta:
        ordering = ["-year", "unit", "title"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self):
        return self.title


class Funding(Versioned):
    """G2: the district's (street empty) or a street's venture fund of a year."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    street = models.ForeignKey(
        Street,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name=_("street"),
    )
    venture_fund = models.DecimalField(_("venture fund total (yuan)"), **MONEY)
    history = versioned_history()

    class Meta:
        ordering = ["-year", "street"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "street"],
                name="one_funding_per_street_year",
                condition=Q(street__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["year"],
                name="one_district_funding_per_year",
                condition=Q(street__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.street or _('district')}"


class Purchase(Versioned):
    """G2: a purchase of a station service project out of a year's funding."""

    funding = models.ForeignKey(
        Funding, models.CASCADE, related_name="purchases", verbose_name=_("funding")
    )
    project = models.ForeignKey(
        Project, models.PROTECT, related_name="purchases", verbose_name=_("project")
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    history = versioned_history()

    class Meta:
        ordering = ["funding", "project"]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [
            models.UniqueConstraint(fields=["funding", "project"], name="one_purchase_per_project")
        ]

    def __str__(self):
        return f"{self.funding} · {self.project}"


class SiteBudget(Versioned):
    """G6: a demonstration site's funds in a year's budget."""

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="site_budgets", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    history = versioned_history()

    class Meta:
        ordering = ["-year", "unit"]
        verbose_name = _("site budget")
        verbose_name_plural = _("site budgets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_site_budget_per_year")
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"


class Award(Versioned):
    """G5: an award of a competition, for a project, a case study or a person."""

    title = models.CharField(_("award"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=rules.RecognitionLevel.choices())
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    project = models.ForeignKey(
        Project,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("project"),
    )
    case_study = models.ForeignKey(
        CaseStudy,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("case study"),
    )
    person = models.ForeignKey(
        "staffing.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("person"),
    )
    history = versioned_history()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return self.title


class PracticeBase(Versioned):
    """G4: a station's social-work practice base with a university."""

    station = models.ForeignKey(
        Unit,
        models.PROTECT,
        related_name="practice_bases",
        verbose_name=_("station"),
        limit_choices_to={"kind": "station"},
    )
    university = models.CharField(_("university"), max_length=100)
    since = models.DateField(_("since"))
    history = versioned_history()

    class Meta:
        ordering = ["station", "since"]
        verbose_name = _("practice base")
        verbose_name_plural = _("practice bases")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "university"],
                name="one_practice_base_per_university",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "This station already has a practice base with this university."
                ),
            )
        ]

    def __str__(self):
        return f"{self.station} · {self.university}"
