"""The demo's supervision team, built unsaved: supervisors (new people on the streets'
rosters), their engagements, yearly agreements and unit assignments.

Every value comes from a generator seeded by a fixed key, so the team is the same on every
machine for the same ``as_of``. The plan puts every V-finding somewhere: short engagements
(V2 advice), an agreement over a year (V3), workrooms without a supervisor and stations
without a municipal-or-higher core member (V6).
"""

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from shangcheng import rules
from staffing.models import Person
from staffing.validators import id_check_char
from stations.models import Street, Unit

from ..models import Agreement, Assignment, Engagement, Supervisor

SIZE = 30
REGION = "330102"  # the roster's ID numbers are of 上城区 (GB 11643)
# The staff demo bands the order code by street (up to 949); supervisors take 950–999.
SEQ_FIRST, SEQ_END = 950, 1000
TYPES = list(rules.SupervisorType)
# Cycled per type, so that every type meets every level.
LEVELS = ["municipal", "district", "provincial", "district", "municipal", "national"]
SURNAMES = "王陈张李沈徐朱吴周杨金俞钱胡孙蒋姚方叶潘汪章何郑黄赵刘许施邵楼傅冯韩高罗林"
GIVEN = "伟敏静燕芳霞娟琳洁颖强磊军杰涛斌明刚平辉华宁岚晖蓉琴"
GIVEN_FIRST = "晓佳思雨一嘉文建海春秋志永立家宏玉美丹"
MOBILE_PREFIXES = ["135", "136", "137", "138", "139", "150", "158", "159", "187", "188"]
# Streets (by index in code order) whose station has no municipal-or-higher core member.
NO_CORE = (4, 9)
UNCOVERED = 3  # workrooms never linked to a supervisor (V6)


def rng_for(key: str) -> random.Random:
    # Demo data, not secrets: a seeded generator is the point (reproducible everywhere).
    return random.Random(f"shangcheng-supervision-{key}")  # noqa: S311


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day_of_years(start: date, years: int) -> date:
    """The inclusive last day of ``years`` years from ``start`` (V2/V3)."""
    return rules.period_date(start, years) - timedelta(days=1)


@dataclass
class Member:
    supervisor: Supervisor
    engagements: list[Engagement] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def current(self) -> Engagement:
        return self.engagements[-1]


class Team:
    """The whole team, built unsaved from one generator."""

    def __init__(self, as_of: date, streets: list[Street], taken_ids: set[str]):
        self.as_of = as_of
        self.rng = rng_for("team")
        self.streets = streets
        self.taken = taken_ids
        self.members: list[Member] = []
        self.ended: list[Assignment] = []  # a link that ended (the workroom is uncovered)

    def build(self, units: list[Unit]) -> "Team":
        for i in range(SIZE):
            self.members.append(self._member(i))
        open_ended = next(m for m in self.members if m.current.end is None)
        self._agreements(open_ended_v3=open_ended)
        self._assign(units)
        return self

    # People and supervisors

    def _person(self, street: Street) -> Person:
        rng = self.rng
        female = rng.random() < 0.6
        born = date(1962, 1, 1) + timedelta(days=rng.randint(0, 28 * 365))
        name = rng.choice(SURNAMES) + (
            rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN_FIRST) + rng.choice(GIVEN)
        )
        return Person(
            street=street,
            name=name,
            gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
            birth_date=born,
            id_number=self._id_number(born, female),
            mobile=rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}",
        )

    def _id_number(self, born: date, female: bool) -> str:
        while True:
            # GB 11643: the order code is odd for men and even for women.
            seq = self.rng.randrange(SEQ_FIRST + int(not female), SEQ_END, 2)
            first17 = f"{REGION}{born:%Y%m%d}{seq:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.taken:
                self.taken.add(number)
                return number

    def _member(self, i: int) -> Member:
        rng, as_of = self.rng, self.as_of
        kind = TYPES[i % len(TYPES)]
        level = LEVELS[(i // len(TYPES)) % len(LEVELS)]
        full_time = kind == rules.SupervisorType.LOCAL and i % 4 != 3
        project = ""
        if full_time:
            project = rng.choice(["district", "district", "municipal", "street"])
        supervisor = Supervisor(
            person=self._person(self.streets[i % len(self.streets)]),
            type=kind,
            level=level,
            full_time=full_time,
            project_level=project,
        )
        member = Member(supervisor)
        if i % 7 == 3:  # V2: a two-year engagement
            start = months_before(as_of, rng.randint(6, 20)).replace(day=1)
            end = last_day_of_years(start, 2)
        else:
            start = months_before(as_of, rng.randint(6, 34)).replace(day=1)
            end = None if i % 5 == 4 else last_day_of_years(start, 3)
        if i % 6 == 0:  # served a full engagement before this one
            earlier = rules.period_date(start, -3)
            member.engagements.append(
                Engagement(supervisor=supervisor, start=earlier, end=start - timedelta(days=1))
            )
        member.engagements.append(Engagement(supervisor=supervisor, start=start, end=end))
        return member

    def _agreements(self, *, open_ended_v3: Member) -> None:
        """One agreement a year from each engagement's start, up to the one in force; the
        open-ended engagement of ``open_ended_v3`` has its latest one run 18 months (V3)."""
        for member in self.members:
            for engagement in member.engagements:
                start = engagement.start
                while start <= self.as_of and (engagement.end is None or start <= engagement.end):
                    end = last_day_of_years(start, 1)
                    if engagement.end is not None:
                        end = min(end, engagement.end)
                    member.agreements.append(Agreement(engagement=engagement, start=start, end=end))
                    start = end + timedelta(days=1)
        latest = open_ended_v3.agreements[-1]
        latest.end = months_before(latest.end, -6)

    # Links to units

    def _assign(self, units: list[Unit]) -> None:
        rng = self.rng
        by_street: dict[int, list[Member]] = {}
        for member in self.members:
            by_street.setdefault(member.supervisor.person.street.pk, []).append(member)
        workrooms = [u for u in units if not u.is_station]
        showcase = {u.pk for u in workrooms if u.community.code == "330102001051"}  # 清波门
        uncovered = set(
            rng.sample(sorted(u.pk for u in workrooms if u.pk not in showcase), UNCOVERED + 1)
        )
        ended = uncovered.pop()  # its link ended two months ago: uncovered today too
        for unit in workrooms:
            if unit.pk in uncovered:
                continue
            team = by_street.get(unit.street_id)
            if not team:
                continue
            member = team[len([a for m in team for a in m.assignments]) % len(team)]
            link = self._link(member, unit)
            if unit.pk == ended:
                link.end = months_before(self.as_of, 2)
        for index, street in enumerate(self.streets):
            station = next((u for u in units if u.is_station and u.street_id == street.pk), None)
            if station is None:
                continue
            local = by_street.get(street.pk, [])
            if index in NO_CORE:  # V6: a district-level core member does not count
                district = [m for m in local if m.supervisor.level == "district"]
                if district:
                    self._link(district[0], station, core=True)
                continue
            senior = [m for m in local if m.supervisor.level != "district"]
            senior = senior or [m for m in self.members if m.supervisor.level != "district"]
            self._link(senior[index % len(senior)], station, core=True)

    def _link(self, member: Member, unit: Unit, core: bool = False) -> Assignment:
        link = Assignment(
            supervisor=member.supervisor, unit=unit, start=member.current.start, core=core
        )
        member.assignments.append(link)
        return link
