"""Closing a year (DHIS2-style approval and locking; SECURITY.md "A closed year is locked").

The district closes a year for the whole district or for one street (``YearClosure``); from
then on no record dated in that year changes — by form, import, admin, API or task — until
the district reopens it with a reason. A year is closed for a street while a closure of
(year, that street) or of (year, the whole district) is active.

The ONE guard: ``closed_year``/``ensure_open`` answer for a street and some years, and each
app registers its dated models here (``register``) with how to read (streets, years) from a
record. The registry connects a ``pre_save`` and a ``pre_delete`` receiver to every
registered model, which checks the record as stored (old values) and as it is about to be
saved (new values), so every path through ``Model.save``/``delete`` is covered. Bulk writes
(``bulk_create``, ``QuerySet.update``) send no signals: their callers call ``ensure_open`` or
``ensure_records_open`` themselves. This module imports no app (it is ``stations.models``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .tree import Street

# A record's scope for closing: the streets it belongs to (none for a district-level record,
# which only a whole-district closure locks) and the years it is dated in.
Scope = tuple[Iterable[int | None], Iterable[int]]
ScopeGetter = Callable[[models.Model], Scope]


class ClosedYear(ValidationError):
    """A write into a closed year, refused; the message names the year."""

    def __init__(self, year: int):
        self.year = year
        message = _(
            "The year %(year)s is closed: its records can no longer be changed. To correct "
            "one, ask the district bureau to reopen the year first."
        ) % {"year": year}
        super().__init__(message, code="closed_year")


class YearClosureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(reopened_at__isnull=True)


class YearClosure(models.Model):
    """One closing of a year, for one street or (street empty) the whole district; it stays
    active until reopened, and is kept afterwards as the record of both acts."""

    year = models.PositiveSmallIntegerField(
        gettext_lazy("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    street = models.ForeignKey(
        Street,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="year_closures",
        verbose_name=gettext_lazy("street"),
        help_text=gettext_lazy("Empty: the whole district."),
    )
    closed_at = models.DateTimeField(gettext_lazy("closed at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("closed by"),
    )
    reopened_at = models.DateTimeField(gettext_lazy("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("reopened by"),
    )
    reopen_reason = models.CharField(
        gettext_lazy("reason for reopening"), max_length=300, blank=True
    )

    objects = YearClosureQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "street", "-closed_at"]
        verbose_name = gettext_lazy("year closure")
        verbose_name_plural = gettext_lazy("year closures")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "street"],
                condition=Q(reopened_at__isnull=True, street__isnull=False),
                name="one_active_closure_per_street_year",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(reopened_at__isnull=True, street__isnull=True),
                name="one_active_district_closure_per_year",
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | ~Q(reopen_reason=""),
                name="reopening_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.street or _('the whole district')}"

    @property
    def active(self) -> bool:
        return self.reopened_at is None


# The guard.


def _active_closures() -> set[tuple[int, int | None]]:
    """(year, street id or None) of every active closure: a handful of rows."""
    return set(YearClosure.objects.active().values_list("year", "street_id"))


def _first_closed(closures, street_ids, years) -> int | None:
    streets = {s for s in street_ids if s is not None}
    for year in sorted({y for y in years if y is not None}):
        if (year, None) in closures or any((year, s) in closures for s in streets):
            return year
    return None


def closed_year(street_id: int | None, years: Iterable[int]) -> int | None:
    """The first of ``years`` closed for ``street_id`` (None: a district-level record, which
    only a whole-district closure locks), or None when all are open."""
    years = {y for y in years if y is not None}
    if not years:
        return None
    street = (
        Q(street__isnull=True)
        if street_id is None
        else Q(street__isnull=True) | Q(street_id=street_id)
    )
    found = YearClosure.objects.active().filter(street, year__in=years).order_by("year")
    return found.values_list("year", flat=True).first()


def ensure_open(
    *, street_id: int | None = None, years: Iterable[int], street_ids: Iterable = ()
) -> None:
    """Raise ``ClosedYear`` if any of ``years`` is closed for ``street_id`` (or any of
    ``street_ids``; none of them: only a whole-district closure counts)."""
    years = {y for y in years if y is not None}
    if not years:
        return
    year = _first_closed(_active_closures(), {street_id, *street_ids}, years)
    if year is not None:
        raise ClosedYear(year)


def years_of(*values) -> set[int]:
    """The years of dates and year numbers, skipping empty values."""
    return {v.year if isinstance(v, date) else int(v) for v in values if v not in (None, "")}


@dataclass(frozen=True)
class _Entry:
    scope: ScopeGetter
    endpoints: frozenset[str]
    live: frozenset[str]


_REGISTRY: dict[type[models.Model], _Entry] = {}


def register(
    model: type[models.Model],
    scope: ScopeGetter,
    *,
    endpoints: Iterable[str] = (),
    live: Iterable[str] = (),
) -> None:
    """Make ``model``'s records of a closed year unchangeable; ``scope(record)`` returns the
    record's (street ids, years). Called from each app's ``ready()``.

    ``endpoints``: the open end of a record that runs over years (a post's ``end``, a
    project's ``last_year``): a change of these alone is checked against the years of their
    old and new values only, so a post started in a closed year can still be ended later.
    ``live``: fields that say how the record stands now, not what happened in a year (a
    project's current stage; the stage's own record is dated): never refused.
    """
    _REGISTRY[model] = _Entry(scope, frozenset(endpoints), frozenset(live))
    uid = f"closing:{model._meta.label}"
    pre_save.connect(_on_save, sender=model, dispatch_uid=uid, weak=False)
    pre_delete.connect(_on_delete, sender=model, dispatch_uid=uid, weak=False)


def is_registered(model) -> bool:
    return model._meta.concrete_model in _REGISTRY


def _changed(stored, record, skip: frozenset[str]) -> set[str]:
    return {
        field.name
        for field in record._meta.concrete_fields
        if not field.primary_key
        and field.name not in skip
        and getattr(stored, field.attname) != getattr(record, field.attname)
    }


def _scopes(record, *, deleting: bool = False) -> list[Scope]:
    """What a write of ``record`` touches: the scope of the record as stored and as it will
    be; only the years of its changed endpoints when nothing else changes."""
    entry = _REGISTRY.get(record._meta.concrete_model)
    if entry is None:
        return []
    stored = None
    if record.pk is not None and not record._state.adding:
        stored = record._meta.concrete_model._base_manager.filter(pk=record.pk).first()
    if stored is None:
        return [entry.scope(record)]
    if deleting:
        return [entry.scope(stored)]
    changed = _changed(stored, record, {"version", *entry.live})
    if not changed:
        return []
    if changed <= entry.endpoints:
        streets = {*entry.scope(stored)[0], *entry.scope(record)[0]}
        values = [getattr(state, name) for name in changed for state in (stored, record)]
        return [(streets, years_of(*values))]
    return [entry.scope(stored), entry.scope(record)]


def record_closed_year(record, *, deleting: bool = False) -> int | None:
    """The closed year that locks this write of ``record`` (old or new values), or None."""
    if not is_registered(record):
        return None
    closures = _active_closures()
    if not closures:
        return None
    found = [_first_closed(closures, *scope) for scope in _scopes(record, deleting=deleting)]
    found = [year for year in found if year is not None]
    return min(found) if found else None


def ensure_record_open(record, *, deleting: bool = False) -> None:
    """Raise ``ClosedYear`` if this write of ``record`` touches a closed year."""
    year = record_closed_year(record, deleting=deleting)
    if year is not None:
        raise ClosedYear(year)


def ensure_records_open(records: Iterable[models.Model]) -> None:
    """The same for many new records (bulk paths): the closures are read once."""
    closures = _active_closures()
    if not closures:
        return
    for record in records:
        entry = _REGISTRY.get(record._meta.concrete_model)
        year = _first_closed(closures, *entry.scope(record)) if entry else None
        if year is not None:
            raise ClosedYear(year)


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata restores stored rows as they were (a restore, not an edit)
        return
    ensure_record_open(instance)


def _on_delete(sender, instance, **kwargs):
    ensure_record_open(instance, deleting=True)
