"""S4 (§4(3)) 专人专职: one person, one post at a time, and every post full-time.

A stint covers the days ``start <= d < end``: ``end`` is the day the person left, so a post
ending on day X and another starting on X do not overlap. The head of a mixed-mode station
is the one post that may be recorded as concurrent (兼任, with the street office it comes
with); any other concurrent post is a violation. Two posts held on the same day conflict
whatever they are: a full-time post is held by nobody who holds another (专人专职).

E0: an overlap (or a concurrent post) counts only when it touches a day from 2022-09-01
(``IN_FORCE``) up to the date asked about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from .i18n import _
from .in_force import IN_FORCE, require_in_force
from .types import Finding, Mode, Post, parse, violation


def may_be_concurrent(post: str, mode: str | None) -> bool:
    """S4: only the head of a mixed-mode station may be recorded as concurrent (兼任).

    ``mode`` is the unit's operating mode: ``"self"``/``"mixed"`` for a station, ``None`` or
    ``""`` for a workroom."""
    post = parse(Post, post, "post")
    if not mode:
        return False
    return post is Post.HEAD and parse(Mode, mode, "mode") is Mode.MIXED


@dataclass(frozen=True)
class PostStint:
    """One person's time in one post at one unit; ``end`` None while still in post.

    ``mode`` is the unit's operating mode (``None`` or ``""`` for a workroom): it tells the
    mixed-mode head, the one post that may be concurrent, from every other post."""

    unit: str
    post: str
    full_time: bool
    start: date
    end: date | None = None
    mode: str | None = None

    def __post_init__(self) -> None:
        parse(Post, self.post, "post")
        if self.mode:
            parse(Mode, self.mode, "mode")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"stint ends ({self.end}) before it starts ({self.start})")

    @property
    def concurrent_allowed(self) -> bool:
        """S4: full-time, or the mixed-mode head (the one concurrent post allowed)."""
        return self.full_time or may_be_concurrent(self.post, self.mode)

    def overlaps(self, other: PostStint) -> bool:
        """Half-open intervals [start, end) share at least one day."""
        return (other.end is None or self.start < other.end) and (
            self.end is None or other.start < self.end
        )


def _touches(start: date, end: date | None, on: date | None) -> bool:
    """E0: the days [start, end) include one from IN_FORCE up to ``on`` (None: no bound)."""
    after_in_force = end is None or end > IN_FORCE
    by_on = on is None or start <= on
    return (end is None or start < end) and after_in_force and by_on


def _overlap_counts(first: PostStint, second: PostStint, on: date | None) -> bool:
    if not first.overlaps(second):
        return False
    ends = [stint.end for stint in (first, second) if stint.end is not None]
    return _touches(max(first.start, second.start), min(ends, default=None), on)


def dedicated_post_conflicts(existing: Iterable[PostStint], new: PostStint) -> list[PostStint]:
    """S4: the person's existing stints that share a day with ``new``, from 2022-09-01 on
    (E0: an overlap wholly before it is no breach). Whether ``new`` may be recorded as
    concurrent at all is ``new.concurrent_allowed`` (see ``may_be_concurrent``)."""
    return [stint for stint in existing if _overlap_counts(stint, new, None)]


def _label(stint: PostStint) -> dict[str, str]:
    return {"unit": stint.unit, "post": Post(stint.post).label, "start": stint.start.isoformat()}


def check_dedicated_posts(stints: Iterable[PostStint], on: date, *, name: str) -> list[Finding]:
    """S4 for one person (``name``) as of ``on``: a violation for each concurrent post other
    than the mixed-mode head, and for each pair of stints that share a day; only what touches
    a day from 2022-09-01 to ``on`` counts. ``on`` before 2022-09-01 is refused (E0)."""
    require_in_force(on)
    stints = sorted(stints, key=lambda s: (s.start, s.unit, s.post))
    findings = [
        violation(
            "S4",
            _(
                "专人专职：{name}在{unit}任{post}（{start} 起）登记为兼任；"
                "只有混合运营社会工作站的站长可以兼任，其他岗位均须专职"
            ).format(name=name, **_label(stint)),
        )
        for stint in stints
        if not stint.concurrent_allowed and _touches(stint.start, stint.end, on)
    ]
    findings += [
        violation(
            "S4",
            _(
                "专人专职：{name}在{unit_a}任{post_a}（{start_a} 起），"
                "同时在{unit_b}任{post_b}（{start_b} 起），任职时间重叠"
            ).format(
                name=name,
                **{f"{key}_a": value for key, value in _label(first).items()},
                **{f"{key}_b": value for key, value in _label(second).items()},
            ),
        )
        for first, second in combinations(stints, 2)
        if _overlap_counts(first, second, on)
    ]
    return findings
