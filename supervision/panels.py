"""What supervision adds to the unit page (filled in by the supervision panel)."""


def unit_panel(unit, *, user, on) -> dict:
    return {}
