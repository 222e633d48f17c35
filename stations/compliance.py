"""Where the ORM meets the rules for units: build the snapshot, ask ``rules``.

Premises and lists are dated through their change history: asked about a past day, the
checks read the records as they stood at the end of that day (django-simple-history), so the
``compliance --on`` command and a year's report judge that day, not today.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from shangcheng import rules

from .models import ListItem, Unit


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _past(on: date) -> bool:
    return on < timezone.localdate()


def premises_findings(unit) -> list[rules.Finding]:
    """F1–F5 for a station, F6–F8 for a workroom (§4(2))."""
    if unit.is_station:
        return rules.check_station_premises(unit.premises())
    return rules.check_workroom_premises(unit.premises())


def _list_counts(ids, *, then: datetime | None = None) -> Counter:
    """Items per (unit, list): now, or at the moment ``then`` from the history."""
    if then is not None:
        items = ListItem.history.as_of(then).filter(unit_id__in=ids)
        return Counter((item.unit_id, item.list) for item in items)
    rows = (
        ListItem.objects.filter(unit_id__in=ids).values("unit_id", "list").annotate(n=Count("pk"))
    )
    return Counter({(row["unit_id"], row["list"]): row["n"] for row in rows})


def list_findings(units, counts: Counter | None = None) -> dict[int, list[rules.Finding]]:
    """L1 (§3(1)) for any number of units, from ``counts`` (default: today's, one query)."""
    ids = [unit.pk for unit in units]
    counts = _list_counts(ids) if counts is None else counts
    return {
        pk: rules.check_lists(
            needs=counts[(pk, ListItem.List.NEEDS)],
            resources=counts[(pk, ListItem.List.RESOURCES)],
            projects=counts[(pk, ListItem.List.PROJECTS)],
        )
        for pk in ids
    }


def _as_of(units, on: date) -> tuple[dict[int, Unit], Counter]:
    """Each unit's profile and list counts as they stood at the end of ``on``.

    Today's are the records as they are. For a past day, a unit already on record that day
    is read from its history; one entered later (the first data entry, a demo seeded
    today) is judged on its records as first entered — there is nothing older to read.
    """
    ids = [u.pk for u in units]
    if not _past(on):
        return {unit.pk: unit for unit in units}, _list_counts(ids)
    moment = _end_of(on)
    then = Unit.history.as_of(moment).filter(id__in=ids).select_related("street", "community")
    then = {unit.pk: unit for unit in then}
    counts = _list_counts([pk for pk in ids if pk in then], then=moment)
    later = [pk for pk in ids if pk not in then]
    counts.update(_list_counts(later) if later else Counter())
    return {unit.pk: then.get(unit.pk, unit) for unit in units}, counts


def unit_findings(units, on: date) -> dict[int, list[rules.Finding]]:
    """Premises (F1–F10) and lists (L1) per unit id, as the records stood on ``on``."""
    units = list(units)
    profiles, counts = _as_of(units, on)
    lists = list_findings(units, counts)
    return {unit.pk: premises_findings(profiles[unit.pk]) + lists[unit.pk] for unit in units}
