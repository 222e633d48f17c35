"""Writes to units and their sub-records: one function per action, so every way a unit,
its lists, special stations, schools and recognitions change is here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import ListItem, Recognition, School, SpecialStation, Street, Unit


class StaleEdit(ValidationError):
    """Someone saved the record after this form was opened."""


@transaction.atomic
def unit_update(*, unit: Unit, data: dict, version: int) -> Unit:
    """Save a unit's edited fields, refusing a save from a stale form (lost update)."""
    current = Unit.objects.select_for_update().get(pk=unit.pk)
    if current.version != version:
        raise StaleEdit(
            _(
                "This record was changed by someone else after you opened it; "
                "reload the page and enter your changes again."
            ),
            code="stale",
        )
    for field, value in data.items():
        setattr(current, field, value)
    current.version += 1
    current.full_clean()
    current.save()
    return current


# The unit's sub-records. Each write validates the whole record (``full_clean``) before it
# saves, so a caller that skipped its form still cannot store what the models forbid.


def _save(record):
    """Validate and save; a duplicate that slipped past validation (a race) is refused too."""
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(
            _("Someone saved the same record a moment ago; reload the page."), code="race"
        ) from None
    return record


@transaction.atomic
def list_item_add(
    *, unit: Unit, list: str, title: str, detail: str = "", party: str = ""
) -> ListItem:
    """L1: add a line to one of the unit's three lists (resources carry an L4 tag)."""
    return _save(ListItem(unit=unit, list=list, title=title, detail=detail, party=party))


@transaction.atomic
def list_item_update(
    *, item: ListItem, list: str, title: str, detail: str = "", party: str = ""
) -> ListItem:
    item = ListItem.objects.select_for_update().get(pk=item.pk)
    item.list, item.title, item.detail, item.party = list, title, detail, party
    return _save(item)


@transaction.atomic
def list_item_delete(*, item: ListItem) -> None:
    item.delete()


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
def special_station_update(*, special: SpecialStation, name: str, field: str) -> SpecialStation:
    special = SpecialStation.objects.select_for_update().get(pk=special.pk)
    special.name, special.field = name, field
    return _save(special)


@transaction.atomic
def special_station_delete(*, special: SpecialStation) -> None:
    special.delete()


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
def school_update(*, school: School, name: str, served_by=()) -> School:
    school = School.objects.select_for_update().get(pk=school.pk)
    units = _check_served_by(school.street, served_by)
    school.name = name
    _save(school)
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
    if revoked_on < date(recognition.year, 1, 1):
        raise ValidationError(
            {
                "revoked_on": _("Cannot be before 1 January %(year)s, the year it was recognised.")
                % {"year": recognition.year}
            },
            code="before_year",
        )
    recognition.revoked_on = revoked_on
    return _save(recognition)
