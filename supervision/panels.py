"""What supervision adds to the unit page: the supervisors linked to the unit on the day and
its latest evaluations the user may read, with the V6 findings the page already computed
(from ``supervision.compliance``, never recomputed here)."""

from .access import visible_evaluations
from .models import Assignment

LATEST_EVALUATIONS = 3
SUPERVISION_RULES = frozenset({"V6"})


def unit_panel(unit, *, user, on, findings=()) -> dict:
    """Two queries: the links in force on ``on`` and the latest evaluations in the user's
    scope (a supervisor their own, street and community users approved ones)."""
    links = (
        Assignment.objects.active_on(on)
        .filter(unit=unit)
        .select_related("supervisor__person")
        .order_by("-core", "supervisor__person__name", "pk")
    )
    evaluations = visible_evaluations(user).filter(unit=unit).order_by("-month", "-pk")
    return {
        "links": list(links),
        "evaluations": list(evaluations[:LATEST_EVALUATIONS]),
        "findings": [f for f in findings if f.rule in SUPERVISION_RULES],
    }
