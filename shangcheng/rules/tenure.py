"""Tenure in a post and the benefits it earns: S6, S7 (§4(3)).

POLICY.md "How tenure is counted": add up the days of all stints in the post up to the
date asked about (overlaps once, that date itself not counted); the *virtual start* is that
many days before the date; full years are counted from the virtual start to the date the
way 《民法典》 Art. 201–202 count years: the anniversary of 29 February is 28 February.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .types import Benefit, Grade, Mode, Post, non_negative, parse

Stint = tuple[date, date | None]

TENURE_YEARS = 3  # S6/S7: 满 3 年


def anniversary(day: date, years: int) -> date:
    """``day`` moved by ``years`` years; 29 February falls on 28 February when missing."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # only 29 February has no counterpart in another year
        return day.replace(year=day.year + years, day=28)


def _served_days(stints: Iterable[Stint], on: date) -> int:
    """Days d with start <= d < min(end, on), each counted once across all stints."""
    clipped = []
    for start, end in stints:
        if end is not None and end < start:
            raise ValueError(f"stint ends ({end}) before it starts ({start})")
        stop = on if end is None else min(end, on)
        if start < stop:
            clipped.append((start, stop))
    total, reached = 0, date.min
    for start, stop in sorted(clipped):
        # Merge as we go: only the part after the furthest day already counted adds days.
        start = max(start, reached)
        if stop > start:
            total += (stop - start).days
            reached = stop
    return total


def _years_between(start: date, on: date) -> int:
    years = on.year - start.year
    return years if anniversary(start, years) <= on else years - 1


def full_years(stints: Iterable[Stint], on: date) -> int:
    """S6/S7: whole years of service in a post on ``on``, counted from the virtual start."""
    virtual_start = on - timedelta(days=_served_days(stints, on))
    return _years_between(virtual_start, on)


def _in_post(stints: list[Stint], on: date) -> bool:
    return any(start <= on and (end is None or end > on) for start, end in stints)


def tenure_eligible_from(stints: Iterable[Stint], on: date) -> date | None:
    """S6/S7: the day 3 full years are reached if the person stays in post from ``on``.

    None when the person is not in post on ``on``. The date may lie in the past when the
    years are already reached; it is then the anniversary of today's virtual start, which
    is where the years stand, not necessarily the day they were first reached.
    """
    stints = list(stints)
    if not _in_post(stints, on):
        return None
    virtual_start = on - timedelta(days=_served_days(stints, on))
    return anniversary(virtual_start, TENURE_YEARS)


def tenure_benefit(post: str, mode: str, years: int, latest_grade: str | None) -> str | None:
    """S6/S7 (§4(3)): "principal" for a self-run station's head, "deputy" for any deputy.

    Both need 3 full years in the post and a latest finished appraisal of 优秀 or 合格;
    no appraisal on record counts as not passed.
    """
    post = parse(Post, post, "post")
    mode = parse(Mode, mode, "mode")
    non_negative(years, "years")
    passed = latest_grade is not None and parse(Grade, latest_grade, "grade").passed
    if years < TENURE_YEARS or not passed:
        return None
    if post is Post.HEAD and mode is Mode.SELF:
        return Benefit.PRINCIPAL
    if post is Post.DEPUTY:
        return Benefit.DEPUTY
    return None
