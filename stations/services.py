"""Writes to units and their sub-records: one function per action, so every way a unit,
its lists, special stations, schools and recognitions change is here.

A unit, list item, special station and school are edited through forms that carry the
record's ``version``: a save or delete from a stale form raises ``StaleEdit``.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from shangcheng.versioning import StaleEdit as StaleEdit  # re-exported: views catch it here
from shangcheng.versioning import lock_versioned, refusing_races, save_versioned

from .models import ListItem, Recognition, School, SpecialStation, Street, Unit, YearClosure

# What a unit's profile form may change; its kind, street and community are the
# organisation tree's and never change here.
UNIT_PROFILE_FIELDS = frozenset(Unit.STATION_PROFILE) | frozenset(Unit.WORKROOM_PROFILE)


@transaction.atomic
def unit_update(*, unit: Unit, data: dict, version: int) -> Unit:
    """Save a unit's edited fields, refusing a save from a stale form (lost update)."""
    return save_versioned(Unit, pk=unit.pk, version=version, data=data, fields=UNIT_PROFILE_FIELDS)


# The unit's sub-records. Each write validates the whole record (``full_clean``) before it
# saves, so a caller that skipped its form still cannot store what the models forbid.


def _save(record):
    """Validate and save a new record (or one without a version)."""
    record.full_clean()
    with refusing_races():
        record.save()
    return record


def _save_versioned(model, *, pk, version: int, data: dict):
    """Save the fields the caller names: its keyword arguments are its allow-list."""
    with refusing_races():
        return save_versioned(model, pk=pk, version=version, data=data, fields=frozenset(data))


@transaction.atomic
def list_item_add(
    *, unit: Unit, list: str, title: str, detail: str = "", party: str = ""
) -> ListItem:
    """L1: add a line to one of the unit's three lists (resources carry an L4 tag)."""
    return _save(ListItem(unit=unit, list=list, title=title, detail=detail, party=party))


@transaction.atomic
def list_item_update(
    *, item: ListItem, version: int, list: str, title: str, detail: str = "", party: str = ""
) -> ListItem:
    data = {"list": list, "title": title, "detail": detail, "party": party}
    return _save_versioned(ListItem, pk=item.pk, version=version, data=data)


@transaction.atomic
def list_item_delete(*, item: ListItem, version: int) -> None:
    """Delete, unless someone changed the item after the confirmation page was opened."""
    lock_versioned(ListItem, pk=item.pk, version=version).delete()


def _require_station(unit: Unit) -> None:
    if not unit.is_station:
        raise ValidationError(
            {"station": _("Only a street station has special stations (F9).")}, code="kind"
        )


@transaction.atomic
def special_station_add(*, station: Unit, name: str, field: str) -> SpecialStation:
    """F9: a special station (专项工作站) under a street station."""
    _require_station(station)
    return _save(SpecialStation(station=station, name=name, field=field))


@transaction.atomic
def special_station_update(
    *, special: SpecialStation, version: int, name: str, field: str
) -> SpecialStation:
    data = {"name": name, "field": field}
    return _save_versioned(SpecialStation, pk=special.pk, version=version, data=data)


@transaction.atomic
def special_station_delete(*, special: SpecialStation, version: int) -> None:
    """Delete, unless someone changed it after the confirmation page was opened."""
    lock_versioned(SpecialStation, pk=special.pk, version=version).delete()


def _check_served_by(street: Street, units) -> list[Unit]:
    units = list(units)
    if any(u.street_id != street.pk for u in units):
        raise ValidationError(
            {"served_by": _("Only this street's station and workrooms can serve its schools.")},
            code="street",
        )
    return units


@transaction.atomic
def school_add(*, street: Street, name: str, served_by=()) -> School:
    """T4: a school of the street, and which of the street's units serve it."""
    units = _check_served_by(street, served_by)
    school = _save(School(street=street, name=name))
    school.served_by.set(units)
    return school


@transaction.atomic
def school_update(*, school: School, version: int, name: str, served_by=()) -> School:
    units = _check_served_by(school.street, served_by)
    school = _save_versioned(School, pk=school.pk, version=version, data={"name": name})
    # The served units are part of the record: set under the same lock and version.
    school.served_by.set(units)
    return school


@transaction.atomic
def recognition_add(*, unit: Unit, level: str, year: int, title: str = "") -> Recognition:
    """T1/T3: the district records that a unit was recognised as a demonstration site."""
    return _save(Recognition(unit=unit, level=level, year=year, title=title))


@transaction.atomic
def recognition_revoke(*, recognition: Recognition, revoked_on: date) -> Recognition:
    """Revoke once: from ``revoked_on`` on, the site no longer counts toward T1/T3."""
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    if recognition.revoked_on is not None:
        raise ValidationError(
            {
                "revoked_on": _("Already revoked on %(date)s.")
                % {"date": recognition.revoked_on.isoformat()}
            },
            code="revoked",
        )
    recognition.revoked_on = revoked_on
    return _save(recognition)  # full_clean: Recognition.clean refuses a date before its year


# Closing a year (the district only; ``stations.models.closing`` is the lock). Both acts are
# audited ("year_close", "year_reopen").

FIRST_CLOSABLE_YEAR = 2022  # the policy (上民〔2022〕18号) and the portal's records begin in 2022


def scope_label(street: Street | None) -> str:
    return street.name if street else _("the whole district")


def _active(year: int, street: Street | None):
    return YearClosure.objects.active().filter(year=year, street=street)


@transaction.atomic
def year_close(*, year: int, street: Street | None, actor: User, ip: str | None) -> YearClosure:
    """Close ``year`` for ``street`` (None: the whole district); only a year that has ended."""
    today = timezone.localdate()
    if not FIRST_CLOSABLE_YEAR <= year < today.year:
        raise ValidationError(
            {
                "year": _("Only a year that has ended can be closed: %(first)s to %(last)s.")
                % {"first": FIRST_CLOSABLE_YEAR, "last": today.year - 1}
            }
        )
    label = {"year": year, "scope": scope_label(street)}
    if _active(year, street).exists():
        raise ValidationError(_("%(year)s is already closed for %(scope)s.") % label)
    if street is not None and _active(year, None).exists():
        raise ValidationError(
            _("%(year)s is already closed for the whole district.") % {"year": year}
        )
    try:
        with transaction.atomic():
            closure = YearClosure.objects.create(year=year, street=street, closed_by=actor)
    except IntegrityError:  # someone closed it in the meantime (one active closure)
        raise ValidationError(_("%(year)s is already closed for %(scope)s.") % label) from None
    AuditEvent.objects.record(
        event="year_close", actor=actor, ip=ip, obj=closure, detail=f"year={year}"
    )
    return closure


@transaction.atomic
def year_reopen(
    *, year: int, street: Street | None, reason: str, actor: User, ip: str | None
) -> YearClosure:
    """Reopen ``year`` for ``street`` (None: the whole district), saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the year is reopened.")})
    closure = _active(year, street).order_by("pk").select_for_update().first()
    if closure is None:
        raise ValidationError(
            _("%(year)s is not closed for %(scope)s.")
            % {"year": year, "scope": scope_label(street)}
        )
    closure.reopened_at, closure.reopened_by = timezone.now(), actor
    closure.reopen_reason = reason[:300]
    closure.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    AuditEvent.objects.record(
        event="year_reopen",
        actor=actor,
        ip=ip,
        obj=closure,
        detail=f"year={year}; reason={closure.reopen_reason}",
    )
    return closure
