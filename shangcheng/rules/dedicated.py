"""S4 (§4(3)) 专人专职: one person, one full-time post at a time.

A stint covers the days ``start <= d < end``: ``end`` is the day the person left, so a post
ending on day X and another starting on X do not overlap. The mixed-mode head is the one
post held concurrently; it is recorded with ``full_time=False`` and never conflicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from .i18n import _
from .types import Finding, Post, parse, violation


@dataclass(frozen=True)
class PostStint:
    """One person's time in one post at one unit; ``end`` None while still in post."""

    unit: str
    post: str
    full_time: bool
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        parse(Post, self.post, "post")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"stint ends ({self.end}) before it starts ({self.start})")

    def overlaps(self, other: PostStint) -> bool:
        """Half-open intervals [start, end) share at least one day."""
        return (other.end is None or self.start < other.end) and (
            self.end is None or other.start < self.end
        )


def dedicated_post_conflicts(existing: Iterable[PostStint], new: PostStint) -> list[PostStint]:
    """S4: the person's existing full-time stints that a new full-time stint would overlap."""
    if not new.full_time:
        # S4: the mixed-mode head is the one concurrent post allowed.
        return []
    return [stint for stint in existing if stint.full_time and stint.overlaps(new)]


def check_dedicated_posts(stints: Iterable[PostStint]) -> list[Finding]:
    """S4: one violation for each pair of one person's full-time stints that overlap."""
    full_time = sorted((s for s in stints if s.full_time), key=lambda s: (s.start, s.unit))
    return [
        violation(
            "S4",
            _(
                "专人专职：{unit_a}{post_a}（{start_a} 起）与 {unit_b}{post_b}（{start_b} 起）"
                "任职时间重叠"
            ).format(
                unit_a=first.unit,
                post_a=Post(first.post).label,
                start_a=first.start.isoformat(),
                unit_b=second.unit,
                post_b=Post(second.post).label,
                start_b=second.start.isoformat(),
            ),
        )
        for first, second in combinations(full_time, 2)
        if first.overlaps(second)
    ]
