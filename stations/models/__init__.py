"""The organisation tree and the units of the policy (``tree``), a unit's sub-records
(``records``) and the closing of a year (``closing``). Import from ``stations.models``."""

from .closing import ClosedYear, YearClosure, closed_year, ensure_open
from .records import ListItem, Recognition, RecognitionQuerySet, School, SpecialStation
from .tree import Community, CommunityQuerySet, Street, Unit, UnitQuerySet

__all__ = [
    "ClosedYear",
    "Community",
    "CommunityQuerySet",
    "ListItem",
    "Recognition",
    "RecognitionQuerySet",
    "School",
    "SpecialStation",
    "Street",
    "Unit",
    "UnitQuerySet",
    "YearClosure",
    "closed_year",
    "ensure_open",
]
