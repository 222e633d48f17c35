"""Tenure in a post and the benefits it earns: S6, S7 (§4(3)).

POLICY.md "How tenure is counted": add up the days of all stints in the post up to the
date asked about (overlaps once, that date itself not counted); the *virtual start* is that
many days before the date; full years are counted from the virtual start to the date the
way 《民法典》 Art. 201–202 count years: the anniversary of 29 February is 28 February.
Someone out of post keeps the count of the day they left, so the count never goes down.

S6 counts only time as head of a self-operated station; S7 counts all time as deputy, in
either mode. The appraisal that decides is the one of the year before the date asked about
(年度考核结果运用于下一年度), and nothing is payable for a day before 2022-09-01 (E0).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .i18n import _
from .in_force import IN_FORCE, require_in_force
from .types import Benefit, Grade, Mode, Post, non_negative, parse

Stint = tuple[date, date | None]  # (start, end): end is the day left, None while in post
ModeStint = tuple[date, date | None, str]  # the same, with the station's mode during it

TENURE_YEARS = 3  # S6/S7: 满 3 年
MIXED_HEAD = "与第三方机构混合运营的站长不享受任职待遇（仅街道自主运营的站长可享受）"


def anniversary(day: date, years: int) -> date:
    """``day`` moved by ``years`` years; 29 February falls on 28 February when missing."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # only 29 February has no counterpart in another year
        return day.replace(year=day.year + years, day=28)


def _spans(stints: Iterable[Stint], on: date) -> tuple[list[tuple[date, date]], bool]:
    """The days served before ``on`` as sorted, disjoint ``[start, stop)`` spans, and
    whether the person is in post on ``on``. In post, the last span is the current one and
    stops at ``on`` (it is empty when ``on`` is the first day)."""
    clipped = []
    in_post = False
    for start, end in stints:
        if end is not None and end < start:
            raise ValueError(f"stint ends ({end}) before it starts ({start})")
        in_post = in_post or (start <= on and (end is None or end > on))
        stop = on if end is None else min(end, on)
        if start < stop:
            clipped.append((start, stop))
    spans: list[tuple[date, date]] = []
    for start, stop in sorted(clipped):
        if spans and start <= spans[-1][1]:  # overlapping or back-to-back: one span
            spans[-1] = (spans[-1][0], max(stop, spans[-1][1]))
        else:
            spans.append((start, stop))
    if in_post and (not spans or spans[-1][1] < on):
        spans.append((on, on))
    return spans, in_post


def _with_virtual_starts(spans: list[tuple[date, date]]) -> Iterator[tuple[date, date, date]]:
    """Each span with its virtual start, which stays the same from its first day to its
    stop: every day in post adds a day served and moves the date asked about by one."""
    served = 0
    for start, stop in spans:
        yield start, stop, start - timedelta(days=served)
        served += (stop - start).days


def _years_between(start: date, on: date) -> int:
    years = on.year - start.year
    return years if anniversary(start, years) <= on else years - 1


def full_years(stints: Iterable[Stint], on: date) -> int:
    """S6/S7: whole years of service in a post on ``on``, counted from the virtual start.

    Out of post, the count is the one of the day they left (the stint's ``end``, which
    counts every day served), so it never changes after leaving; back in post it never
    falls below that count either.
    """
    spans, _in_post = _spans(stints, on)
    # The count only grows within a span, so the largest one is at a span's stop.
    return max(
        (_years_between(virtual, stop) for _start, stop, virtual in _with_virtual_starts(spans)),
        default=0,
    )


def tenure_eligible_from(stints: Iterable[Stint], on: date) -> date | None:
    """S6/S7: the first day with 3 full years, if the person stays in post from ``on``.

    None when the person is not in post on ``on``. The date lies in the past when the
    years are already reached (``full_years(stints, on) >= 3`` exactly when it is on or
    before ``on``); it may be the day a person left with exactly three years.
    """
    spans, in_post = _spans(stints, on)
    if not in_post:
        return None
    for start, stop, virtual in _with_virtual_starts(spans):
        reached = max(anniversary(virtual, TENURE_YEARS), start)
        if reached <= stop:
            return reached
    # Not reached by ``on``: the current span (the last one) goes on until it is.
    return reached


def benefit_payable_from(stints: Iterable[Stint], on: date) -> date | None:
    """S6/S7 with E0: by tenure alone, the later of the day 3 full years are reached and
    2022-09-01. None when the person is not in post on ``on``."""
    reached = tenure_eligible_from(stints, on)
    return None if reached is None else max(reached, IN_FORCE)


def tenure_stints(post: str, stints: Iterable[ModeStint]) -> list[Stint]:
    """The stints that count for ``post``: S6 counts only time as head of a self-operated
    station (time as a mixed-mode head does not count); S7 counts a deputy's time in either
    mode. Each stint is ``(start, end, mode)``, the mode of the station during it."""
    post = parse(Post, post, "post")
    counted = []
    for start, end, mode in stints:
        mode = parse(Mode, mode, "mode")
        if post is not Post.HEAD or mode is Mode.SELF:
            counted.append((start, end))
    return counted


def deciding_grade(grades_by_year: Mapping[int, str], on: date) -> str | None:
    """S6/S7: the appraisal that decides on ``on`` is the one of the year before.

    None when that year has none on record; an older appraisal does not count.
    """
    grade = grades_by_year.get(on.year - 1)
    return None if grade is None else parse(Grade, grade, "grade")


def tenure_benefit(post: str, mode: str, years: int, latest_grade: str | None) -> str | None:
    """S6/S7 (§4(3)): "principal" for a self-run station's head, "deputy" for any deputy.

    Both need 3 full years in the post and a passed appraisal (优秀 or 合格). The caller
    picks the inputs: ``years`` counted over ``tenure_stints`` (a head's time at a
    mixed-mode station does not count), and ``latest_grade`` the grade of **the year before**
    the date asked about (``deciding_grade``); None counts as not passed. S7 follows the
    post: a deputy earns it even where S2 advises against having one.
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


@dataclass(frozen=True)
class TenureStatus:
    """What S6/S7 say of one head or deputy on a day.

    ``payable_from`` is set only when the benefit is due on ``on`` (then it is the later of
    the day 3 years were reached and 2022-09-01) or will be due on that later day by tenure
    alone. ``reason`` names what is missing, in Chinese; it is empty when the benefit is due.
    ``grade`` is the appraisal of ``grade_year``, the year before ``on``.
    """

    years: int
    benefit: str | None
    payable_from: date | None
    reason: str
    grade_year: int
    grade: str | None


def _grade_reason(grades_by_year: Mapping[int, str], year: int, on: date) -> str | None:
    """Why the appraisal of ``year`` does not pass, or None when it does."""
    grade = grades_by_year.get(year)
    if grade is None:
        if year >= on.year:  # not due yet: say what the later date will need
            return _("届时须 {year} 年度考核合格").format(year=year)
        return _("{year} 年度考核结果未录入").format(year=year)
    grade = parse(Grade, grade, "grade")
    if grade.passed:
        return None
    return _("{year} 年度考核为{grade}").format(year=year, grade=grade.label)


def tenure_status(
    post: str,
    mode: str,
    stints: Iterable[ModeStint],
    grades_by_year: Mapping[int, str],
    on: date,
) -> TenureStatus:
    """S6/S7 (§4(3)) on ``on`` for the holder of ``post`` at a station run in ``mode``.

    ``stints`` are the person's stints in that post, each ``(start, end, mode)``;
    ``grades_by_year`` maps a year to its appraisal grade. Refuses a date before 2022-09-01
    (E0).
    """
    require_in_force(on)
    post, mode = parse(Post, post, "post"), parse(Mode, mode, "mode")
    counted = tenure_stints(post, stints)
    years = full_years(counted, on)
    grade = deciding_grade(grades_by_year, on)

    def status(reason: str, benefit: str | None = None, payable_from: date | None = None):
        return TenureStatus(years, benefit, payable_from, reason, on.year - 1, grade)

    if tenure_benefit(post, mode, TENURE_YEARS, Grade.QUALIFIED) is None:
        if post is Post.HEAD:  # S6 is for a self-operated station's head only
            return status(_(MIXED_HEAD))
        return status(_("{post}岗位无任职待遇").format(post=post.label))
    payable_from = benefit_payable_from(counted, on)
    if payable_from is None:
        return status(_("{on} 不在{post}岗位").format(on=on.isoformat(), post=post.label))
    if years >= TENURE_YEARS:
        benefit = tenure_benefit(post, mode, years, grade)
        if benefit is not None:
            return status("", benefit, payable_from)
        missing = _grade_reason(grades_by_year, on.year - 1, on)
        return status(_("任职已满 {n} 年").format(n=TENURE_YEARS) + "；" + missing)
    short = _("任职未满 {n} 年（已满 {years} 年）").format(n=TENURE_YEARS, years=years)
    # The appraisal that will decide is the one of the year before the day it is reached.
    missing = _grade_reason(grades_by_year, payable_from.year - 1, on)
    if missing is None:
        return status(short, payable_from=payable_from)
    return status(short + "；" + missing)
