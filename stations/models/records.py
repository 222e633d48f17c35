"""A unit's sub-records: special stations (F9), the three lists (L1), schools (T4) and
demonstration-site recognitions (T1/T3)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shangcheng import rules
from shangcheng.versioning import Versioned, versioned_history

from .tree import Street, Unit


class SpecialStation(Versioned):
    """F9: a special station (专项工作站) under a street station, for one field."""

    station = models.ForeignKey(
        Unit,
        models.CASCADE,
        related_name="special_stations",
        limit_choices_to={"kind": "station"},
        verbose_name=_("station"),
    )
    name = models.CharField(_("name"), max_length=100)
    field = models.CharField(_("field"), max_length=100)
    history = versioned_history()

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("special station")
        verbose_name_plural = _("special stations")

    def __str__(self):
        return self.name


class ListItem(Versioned):
    """One line of a unit's three lists (L1); resources carry a five-party tag (L4)."""

    class List(models.TextChoices):
        NEEDS = "needs", _("service needs")
        RESOURCES = "resources", _("strength resources")
        PROJECTS = "projects", _("service projects")

    unit = models.ForeignKey(
        Unit, models.CASCADE, related_name="list_items", verbose_name=_("unit")
    )
    list = models.CharField(_("list"), max_length=10, choices=List.choices)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    party = models.CharField(
        _("five-party tag"), max_length=20, choices=[*rules.FIVE_PARTIES.items()], blank=True
    )
    history = versioned_history()

    class Meta:
        ordering = ["unit", "list", "pk"]
        verbose_name = _("list item")
        verbose_name_plural = _("list items")
        constraints = [
            models.CheckConstraint(
                condition=Q(list="resources") | Q(party=""),
                name="listitem_party_only_on_resources",
                violation_error_message=_("Only strength resources carry a five-party tag."),
            ),
        ]

    def __str__(self):
        return self.title


class School(Versioned):
    """A school and who serves it (T4: 驻校社工, 一校一社工 or 多校一社工)."""

    street = models.ForeignKey(
        Street, models.PROTECT, related_name="schools", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=100)
    served_by = models.ManyToManyField(
        Unit, blank=True, related_name="schools", verbose_name=_("served by units")
    )
    history = versioned_history(m2m_fields=[served_by])

    class Meta:
        ordering = ["street", "name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="school_unique_in_street"),
        ]

    def __str__(self):
        return self.name


class RecognitionQuerySet(models.QuerySet):
    def standing_on(self, day):
        """Recognised in or before ``day``'s year and not revoked by ``day`` (T1/T3 count)."""
        return self.filter(year__lte=day.year).exclude(revoked_on__lte=day)


class Recognition(models.Model):
    """A demonstration-site recognition (示范点) of a unit, for T1 and T3."""

    # T1 counts municipal level or above, T3 district level or above (rules.counts_for_t1/3).
    Level = rules.RecognitionLevel

    unit = models.ForeignKey(
        Unit, models.CASCADE, related_name="recognitions", verbose_name=_("unit")
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices())
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit"]
        verbose_name = _("demonstration-site recognition")
        verbose_name_plural = _("demonstration-site recognitions")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level", "year"], name="recognition_unique_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.get_level_display()} {self.year}"

    def clean(self):
        super().clean()
        # T1/T3: a recognition cannot be revoked before the year it was given, whoever
        # records the revocation (the portal's page or the admin).
        if self.revoked_on and self.year and self.revoked_on < date(self.year, 1, 1):
            message = _("Cannot be before 1 January %(year)s, the year it was recognised.")
            raise ValidationError(
                {
                    "revoked_on": ValidationError(
                        message, code="before_year", params={"year": self.year}
                    )
                }
            )
