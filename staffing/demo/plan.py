"""The demo's calendar and the stations' staffing plan.

History stays fixed: posts are on record from 2019, and the leaders who have served for
years started on the dates below. What must look recent (new leaders, the latest posts,
certificates, appraisals and training) is counted back from the day the demo is seeded as
of, so a demo seeded in 2030 looks as fresh as one seeded today.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from shangcheng import rules

P = rules.Post
LEADERS = (P.HEAD, P.DEPUTY)
D = date
FIRST_YEAR = 2022  # the policy's first year: appraisals and training from then on
ON_RECORD = date(2019, 1, 1)  # posts are on record from 2019
HALF_YEAR = timedelta(days=182)
# The fixed history needs a demo seeded in 2026 or later: the youngest workers were born in
# mid-2003 and begin community work at 21, a deputy took office in 2023.
EARLIEST_AS_OF = date(2026, 1, 1)


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Calendar:
    """Every moving date of the staff demo, derived from ``as_of``."""

    as_of: date

    def ago(self, months: int) -> date:
        return months_before(self.as_of, months)

    @property
    def appraisal_years(self) -> range:
        """Every finished year since 2022; ``as_of``'s own year is not appraised yet."""
        return range(FIRST_YEAR, self.as_of.year)

    @property
    def training_years(self) -> range:
        """Since 2022, including ``as_of``'s year (its events up to ``as_of``)."""
        return range(FIRST_YEAR, self.as_of.year + 1)

    @property
    def recent(self) -> date:
        """The latest start of community work and the latest certificate."""
        return self.ago(5)

    @property
    def last_start(self) -> date:
        """The latest start of a post (a move between workrooms)."""
        return self.ago(2)

    @property
    def left_by(self) -> date:
        """The latest day a worker left the district."""
        return self.ago(1)

    @property
    def station_start_by(self) -> date:
        """The latest start of a station worker without a planned date."""
        return self.ago(17)


@dataclass(frozen=True)
class Seat:
    """One post in a station's plan; the defaults are a certified full-time social worker."""

    post: str = P.SOCIAL_WORKER
    since: date | None = None  # None: a random start from 2019 on
    certified: bool = True
    lapsed: bool = False  # holds a certificate whose registration has expired
    full_time: bool = True
    grade: str = "qualified"  # a leader's latest appraisal (the year before as_of)
    talent: tuple[str, str] | None = None  # (kind, level) of a qualification, for S5
    moved_from: str | None = None  # left a social worker post at that street's station
    dual_attempt: date | None = None  # a full-time workroom post tried from then, refused (S4)
    office_director: bool = False  # S3: the mixed-mode head is the street office's director
    contractor_lead: bool = False  # S3: the operating supervisor leads the contractor's project


SW = Seat()
# S3: the street's public service office director, the one concurrent post (S4)
OFFICIAL = Seat(P.HEAD, certified=False, full_time=False, office_director=True)
OPERATOR = Seat(P.OPERATING_SUPERVISOR, contractor_lead=True)  # S3: the contractor's lead
CITY_SUPERVISOR = ("supervisor", "municipal")
CITY_TALENT = ("leading_talent", "municipal")
DEFAULT_PLAN = [Seat(P.HEAD), SW, SW]


def _head(since: date, **facts) -> Seat:
    return Seat(P.HEAD, since, **facts)


def _deputy(since: date, **facts) -> Seat:
    return Seat(P.DEPUTY, since, **facts)


def station_plan(cal: Calendar) -> dict[str, list[Seat]]:
    """Every street's station, staffed so that every staffing finding and both tenure
    benefits occur somewhere. Counted under S1: certified full-time head, deputy and social
    workers, not the mixed head. A leader "new" here took office less than 3 years before
    ``as_of`` (eligible later, S6/S7)."""
    return {
        # self, 5 communities → 3: exact; head eligible now (S6), municipal supervisor (S5)
        "清波街道": [_head(D(2020, 3, 2), talent=CITY_SUPERVISOR), SW, SW],
        # self, 12 → 4: a deputy where only 4 are asked for and 4 counted (S2 advice, 可设);
        # the deputy is eligible (S7 follows the post all the same)
        "小营街道": [_head(D(2021, 9, 1), talent=CITY_TALENT), _deputy(D(2021, 3, 15)), SW, SW],
        # self, 8 → 3: one registration lapsed, 2 counted (S1 violation, S2 advice); the head
        # is new and has no municipal title (S5 advice)
        "南星街道": [_head(cal.ago(31)), SW, Seat(lapsed=True)],
        # self, 12 → 4: 5 counted (S1 info, S2 advice); head 3+ years but 基本合格 (no S6)
        "紫阳街道": [_head(D(2019, 7, 1), grade="basic"), *[SW] * 4],
        # self, 11 → 4: exact; head since 2019, provincial leading talent (S6)
        "望江街道": [_head(D(2019, 4, 1), talent=("leading_talent", "provincial")), *[SW] * 3],
        # self, 16 → 4: exact; the head is new
        "采荷街道": [_head(cal.ago(23), talent=CITY_SUPERVISOR, grade="excellent"), *[SW] * 3],
        # self, 11 → 4: exact; the head was a social worker at 采荷's station before (history)
        "四季青街道": [_head(D(2022, 7, 1), talent=CITY_TALENT, moved_from="采荷街道"), *[SW] * 3],
        # self, 20 → 5: head + two deputies + 3: 6 counted (S1 info) and a second deputy
        # (S2 violation: 副站长限设 1 名); both deputies are new
        "笕桥街道": [
            _head(D(2020, 10, 1), grade="excellent"),
            _deputy(cal.ago(27)),
            _deputy(cal.ago(15)),
            *[SW] * 3,
        ],
        # self, 24 → 5: one worker uncertified, 4 counted (S1 violation); the deputy holds
        # only a district title (S5 advice) and is proposed for a workroom post too (S4)
        "丁兰街道": [
            _head(D(2021, 1, 4), talent=CITY_TALENT),
            _deputy(
                D(2023, 2, 1),
                talent=("assistant_supervisor", "district"),
                dual_attempt=cal.ago(21),
            ),
            *[SW] * 2,
            Seat(certified=False),
        ],
        # mixed, 6 → 3: exact, with the contractor's operating supervisor
        "湖滨街道": [OFFICIAL, OPERATOR, *[SW] * 3],
        # mixed, 15 → 4: no operating supervisor (S3 violation); deputy eligible now (S7)
        "凯旋街道": [OFFICIAL, _deputy(D(2020, 6, 1), talent=CITY_SUPERVISOR), *[SW] * 3],
        # mixed, 17 → 4: exact
        "闸弄口街道": [OFFICIAL, OPERATOR, *[SW] * 4],
        # mixed, 21 → 5: 6 counted (S1 info); the deputy is new
        "彭埠街道": [OFFICIAL, _deputy(cal.ago(21)), OPERATOR, *[SW] * 5],
        # mixed, 21 → 5: 3 counted (S1 violation)
        "九堡街道": [OFFICIAL, OPERATOR, *[SW] * 3],
    }
