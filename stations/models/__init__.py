"""The organisation tree and the units of the policy (``tree``), and a unit's sub-records
(``records``). Import from ``stations.models``."""

from .records import ListItem, Recognition, RecognitionQuerySet, School, SpecialStation
from .tree import Community, CommunityQuerySet, Street, Unit, UnitQuerySet

__all__ = [
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
]
