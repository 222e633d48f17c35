"""The organisation tree and the units of the policy.

District → 14 streets → their communities; one street station per street and one community
workroom per community (§4, DESIGN "One model for 站 and 室"), enforced by the database.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shangcheng import rules
from shangcheng.versioning import Versioned, versioned_history


class Street(models.Model):
    """A sub-district office (街道); runs one station."""

    code = models.CharField(
        _("division code"),
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^\d{9}$", _("A street code has 9 digits."))],
    )
    name = models.CharField(_("name"), max_length=50)
    pinyin = models.SlugField(_("pinyin"), max_length=50, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("street", args=[self.pk])


class CommunityQuerySet(models.QuerySet):
    def with_workroom_flag(self):
        return self.annotate(
            workroom_count=Count("units", filter=Q(units__kind="workroom"), distinct=True)
        )


class Community(models.Model):
    """A residents' community (社区); names repeat across streets, codes do not."""

    street = models.ForeignKey(
        Street, models.PROTECT, related_name="communities", verbose_name=_("street")
    )
    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{12}$", _("A community code has 12 digits."))],
    )
    name = models.CharField(_("name"), max_length=50)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name


def _check_codes(errors: dict, field: str, value, allowed: dict) -> None:
    if not isinstance(value, list) or not set(value) <= set(allowed):
        errors[field] = _("Unknown choice.")


class UnitQuerySet(models.QuerySet):
    def stations(self):
        return self.filter(kind=Unit.Kind.STATION)

    def workrooms(self):
        return self.filter(kind=Unit.Kind.WORKROOM)


class Unit(Versioned):
    """A street station (站) or a community workroom (室): one model, two sizes."""

    # One label per concept: the kinds and modes are the rules' own enums.
    Kind = rules.UnitKind
    Mode = rules.Mode
    # The profile a station's and a workroom's edit form show, in this order.
    STATION_PROFILE = (
        *("name", "brand", "address", "service_place", "mode", "contractor", "rooms"),
        *("systems", "has_service_window", "shows_service_list", "displays", "uses_logo"),
        "signage_on_wall",
    )
    WORKROOM_PROFILE = (
        *("name", "brand", "address", "service_place", "rooms", "postings", "uses_logo"),
        "signage_on_wall",
    )

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices())
    street = models.ForeignKey(
        Street, models.PROTECT, related_name="units", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("community"),
    )
    name = models.CharField(_("name"), max_length=100)
    brand = models.CharField(
        _("brand or feature"),
        max_length=100,
        blank=True,
        help_text=_("L2: one brand per station, one feature per workroom."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Station only (§4(3)): who runs it.
    mode = models.CharField(_("operating mode"), max_length=10, choices=Mode.choices(), blank=True)
    contractor = models.CharField(_("contractor"), max_length=100, blank=True)
    # F10: the fixed service place and its host (codes of rules.STATION_SERVICE_PLACES or
    # rules.WORKROOM_SERVICE_PLACES, by kind).
    service_place = models.CharField(_("fixed service place"), max_length=24, blank=True)
    # Premises and signage, F1–F8; multi-valued facts are lists of the rules' codes.
    rooms = models.JSONField(_("room functions"), default=list, blank=True)
    systems = models.JSONField(
        _("management systems"),
        default=list,
        blank=True,
    )
    has_service_window = models.BooleanField(_("service window or reception desk"), default=False)
    shows_service_list = models.BooleanField(_("service list on display"), default=False)
    displays = models.JSONField(
        _("display areas"),
        default=list,
        blank=True,
    )
    postings = models.JSONField(
        _("posted boards"),
        default=list,
        blank=True,
    )
    uses_logo = models.BooleanField(_("uses the municipal social work logo"), default=False)
    signage_on_wall = models.BooleanField(_("signage on the wall"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = versioned_history()

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["street__code", "kind", "community__code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["street"],
                condition=Q(kind="station"),
                name="one_station_per_street",
                violation_error_message=_("This street already has a station."),
            ),
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(kind="workroom"),
                name="one_workroom_per_community",
                violation_error_message=_("This community already has a workroom."),
            ),
            models.CheckConstraint(
                condition=Q(kind="station", community__isnull=True)
                | Q(kind="workroom", community__isnull=False),
                name="unit_kind_matches_community",
                violation_error_message=_(
                    "A station belongs to no community; a workroom to exactly one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="workroom", mode="")
                | Q(kind="station", mode__in=["self", "mixed"]),
                name="unit_mode_by_kind",
                violation_error_message=_(
                    "A station needs an operating mode; a workroom has none."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("unit", args=[self.pk])

    @property
    def is_station(self):
        return self.kind == self.Kind.STATION

    def clean(self):
        super().clean()
        errors = {}
        allowed = rules.STATION_ROOMS if self.is_station else rules.WORKROOM_ROOMS
        _check_codes(errors, "rooms", self.rooms, allowed)
        _check_codes(errors, "systems", self.systems, rules.STATION_SYSTEMS)
        _check_codes(errors, "displays", self.displays, rules.STATION_DISPLAYS)
        _check_codes(errors, "postings", self.postings, rules.WORKROOM_POSTINGS)
        if self.service_place and self.service_place not in self.service_places():
            errors["service_place"] = _("Unknown choice.")
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            errors["community"] = _("The community is not in this street.")
        if errors:
            raise ValidationError(errors)

    def service_places(self) -> dict[str, str]:
        """F10: the hosts a unit of this kind may have."""
        return rules.STATION_SERVICE_PLACES if self.is_station else rules.WORKROOM_SERVICE_PLACES

    def premises(self):
        """The facts F1–F8 look at, as the rules module's frozen snapshot."""
        if self.is_station:
            return rules.StationPremises(
                street_name=self.street.name,
                name=self.name,
                rooms=frozenset(self.rooms),
                systems=frozenset(self.systems),
                has_service_window=self.has_service_window,
                shows_service_list=self.shows_service_list,
                displays=frozenset(self.displays),
                uses_logo=self.uses_logo,
                signage_on_wall=self.signage_on_wall,
                service_place=self.service_place,
            )
        return rules.WorkroomPremises(
            street_name=self.street.name,
            community_name=self.community.name,
            name=self.name,
            rooms=frozenset(self.rooms),
            postings=frozenset(self.postings),
            uses_logo=self.uses_logo,
            signage_on_wall=self.signage_on_wall,
            service_place=self.service_place,
        )
