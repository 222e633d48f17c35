"""Fetchers for a unit's sub-records, built on the scope of ``accounts.access``.

Lists (L1), special stations (F9), schools (T4) and recognitions (T1/T3) are each reached
through the unit or street they belong to; out of scope is 404.
"""

from accounts.access import (
    get_in_scope,
    is_district,
    one_or_404,
    streets_for,
    units_for,
)

from .models import ListItem, Recognition, School, SpecialStation, Unit


def get_station_for_user(user, pk, *, write=False):
    """A street station (not a workroom): special stations hang only from stations (F9)."""
    return one_or_404(units_for(user, write=write).stations().select_related("street"), pk=pk)


def get_list_item_for_user(user, pk, *, write=False):
    units = units_for(user, write=write)
    return get_in_scope(ListItem.objects.select_related("unit"), pk, via="unit", scope=units)


def get_special_station_for_user(user, pk, *, write=False):
    units = units_for(user, write=write)
    specials = SpecialStation.objects.select_related("station")
    return get_in_scope(specials, pk, via="station", scope=units)


def get_school_for_user(user, pk, *, write=False):
    streets = streets_for(user, write=write)
    return get_in_scope(School.objects.select_related("street"), pk, via="street", scope=streets)


def may_close_years(user) -> bool:
    """Close a year (no record dated in it changes) and reopen it with a reason."""
    return is_district(user)


# Recognitions (T1/T3) are the district's to grant and revoke; anyone who sees the unit
# sees them.


def may_record_recognitions(user) -> bool:
    return is_district(user)


def recognition_units(user):
    """Units a user may record or revoke a recognition for."""
    return Unit.objects.all() if may_record_recognitions(user) else Unit.objects.none()


def get_recognition_unit_for_user(user, pk):
    return one_or_404(recognition_units(user).select_related("street"), pk=pk)


def get_recognition_for_user(user, pk, *, write=False):
    units = recognition_units(user) if write else units_for(user, write=False)
    recognitions = Recognition.objects.select_related("unit")
    return get_in_scope(recognitions, pk, via="unit", scope=units)
