"""Where the ORM meets the rules for units: build the snapshot, ask ``rules``."""

from collections import Counter

from django.db.models import Count

from shangcheng import rules

from .models import ListItem


def premises_findings(unit) -> list[rules.Finding]:
    """F1–F5 for a station, F6–F8 for a workroom (§4(2))."""
    if unit.is_station:
        return rules.check_station_premises(unit.premises())
    return rules.check_workroom_premises(unit.premises())


def list_findings(units) -> dict[int, list[rules.Finding]]:
    """L1 (§3(1)) for any number of units: one query counting items per unit and list."""
    ids = [unit.pk for unit in units]
    counts = Counter(
        {
            (row["unit_id"], row["list"]): row["n"]
            for row in ListItem.objects.filter(unit_id__in=ids)
            .values("unit_id", "list")
            .annotate(n=Count("pk"))
        }
    )
    return {
        pk: rules.check_lists(
            needs=counts[(pk, ListItem.List.NEEDS)],
            resources=counts[(pk, ListItem.List.RESOURCES)],
            projects=counts[(pk, ListItem.List.PROJECTS)],
        )
        for pk in ids
    }


def unit_findings(units, on) -> dict[int, list[rules.Finding]]:
    """Premises and lists per unit id. Neither is dated yet: ``on`` is accepted so every
    app's findings are gathered the same way (``shangcheng.compliance``)."""
    units = list(units)
    lists = list_findings(units)
    return {unit.pk: premises_findings(unit) + lists[unit.pk] for unit in units}
