"""What stations adds to the unit page: profile labels, recognitions, special stations,
schools and the three lists (L1). A plain function; the page composes the panels."""

from accounts.access import can_write_unit
from shangcheng import rules

from .access import may_record_recognitions
from .models import ListItem


def _lists(unit) -> list[tuple[str, list[ListItem]]]:
    """The three lists of L1, each with its items, from one query."""
    items = list(unit.list_items.all())
    return [(label, [i for i in items if i.list == code]) for code, label in ListItem.List.choices]


def unit_panel(unit, *, user) -> dict:
    return {
        "recognitions": unit.recognitions.all(),
        "special_stations": unit.special_stations.all(),
        "lists": _lists(unit),
        "schools": unit.schools.all(),
        "can_edit": can_write_unit(user, unit),
        "can_recognise": may_record_recognitions(user),
        "rooms_labels": rules.STATION_ROOMS if unit.is_station else rules.WORKROOM_ROOMS,
        "service_places": unit.service_places(),
    }
