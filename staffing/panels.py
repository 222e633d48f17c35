"""What staffing adds to the unit page: the posts held on a day, with the S1 numbers and the
staffing findings from ``staffing.compliance`` (never recomputed here)."""

from django.db.models import Exists, OuterRef

from shangcheng import rules

from .compliance import StaffingSummary
from .models import Certificate, Post

# The rules whose findings the panel links to (§4(3)).
STAFFING_RULES = frozenset({"S1", "S2", "S3", "S4", "S5", "W1", "W2"})


def unit_panel(unit, *, on, summary: StaffingSummary) -> dict:
    """Posts held at ``unit`` on ``on`` with their people, in one query."""
    certified = Certificate.objects.valid_on(on).filter(person=OuterRef("person"))
    posts = (
        Post.objects.active_on(on)
        .filter(unit=unit)
        .select_related("person")
        .annotate(certified=Exists(certified))
        .order_by("person__name", "pk")
    )
    rank = {post: i for i, post in enumerate(rules.Post)}
    return {
        "posts": sorted(posts, key=lambda p: rank.get(p.post, len(rank))),
        "required": summary.required,
        "counted": summary.counted,
        "findings": [f for f in summary.findings if f.rule in STAFFING_RULES],
    }
