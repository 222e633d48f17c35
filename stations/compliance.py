"""Where the ORM meets the rules for units: build the snapshot, ask ``rules``."""

from shangcheng import rules


def premises_findings(unit) -> list[rules.Finding]:
    """F1–F5 for a station, F6–F8 for a workroom (§4(2))."""
    if unit.is_station:
        return rules.check_station_premises(unit.premises())
    return rules.check_workroom_premises(unit.premises())
