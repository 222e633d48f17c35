"""Demo staff on the demo tree: people, certificates, posts, appraisals and training.

As in ``stations.demo``, every generated value comes from a random generator seeded by a
division code, so the data are the same on every machine; a street whose roster already has
people is left alone, so a second run creates nothing.

The stations are staffed to a plan (``STATIONS``) so that every staffing finding and both
tenure benefits occur somewhere in the district; each workroom gets about a dozen people.
The bulk goes in through ``bulk_create_with_history`` (seed_demo must stay fast); the few
showcase posts go through ``post_assign``, so the person who moved from one post to another
and the dual post refused under S4 leave the same trail as a clerk's entry would.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from shangcheng import rules
from stations.models import Street, Unit

from .models import (
    STUDY_VISIT,
    Attendance,
    Certificate,
    Person,
    Post,
    Qualification,
    StaffAppraisal,
    TrainingEvent,
)
from .services import post_assign
from .validators import id_check_char

P = rules.Post
LEADERS = (P.HEAD, P.DEPUTY)
APPRAISAL_YEARS = range(2022, 2026)  # finished appraisals; 2026's is not done yet
TRAINING_YEARS = range(2022, 2027)
ON_RECORD = date(2019, 1, 1)  # posts are on record from 2019
LAST_START = date(2026, 9, 30)
HALF_YEAR = timedelta(days=182)
# 劳动路社区 (清波街道, the street of `compliance --street 清波街道`) shows a W2 advice.
JUNIOR = {"330102001052"}
REGION = "330102"  # 上城区: the ID numbers' region prefix (GB 11643)

# Common surnames of Hangzhou, the commonest repeated so they come up more often.
SURNAMES = "王王王陈陈陈张张李李沈沈徐徐朱朱吴周杨金俞钱胡孙蒋姚方叶潘汪章"
SURNAMES += "何郑黄赵刘许施邵楼傅冯韩高罗林孔丁余董袁范程陆毛邱夏"
GIVEN_FEMALE = "婷丽敏静燕芳霞娟琳洁佳颖雯倩蕾莉璐瑶晨怡慧红萍艳英雪薇玲欣悦梦蓉琴"
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊峰亮成林森文"
GIVEN_FIRST = "晓佳子思雨一嘉天文建国海春秋志永立家宏金玉美丹益"
MOBILE_PREFIXES = ["135", "136", "137", "138", "139", "150", "151", "152", "157", "158"]
MOBILE_PREFIXES += ["159", "182", "187", "188", "130", "131", "155", "156", "186", "133"]
MOBILE_PREFIXES += ["153", "180", "189", "177", "199", "198", "166"]
CERT_LEVELS = [("assistant", 68), ("intermediate", 28), ("senior", 4)]
GRADES = [("excellent", 15), ("qualified", 77), ("basic", 6), ("unqualified", 2)]
STREET_TRAININGS = {
    "pre_job": "新入职社工岗前培训",
    "supervision": "社工督导能力提升培训",
    "continuing": "持证社工继续教育",
    "practice": "社会工作实务技能培训",
    "policy_law": "社会救助政策法规培训",
}
TALENT_TITLES = {
    "leading_talent": "社会工作领军人才",
    "supervisor": "社工督导",
    "assistant_supervisor": "助理社工督导",
}
LEVEL_PREFIX = {"district": "上城区", "municipal": "杭州市", "provincial": "浙江省"}


@dataclass(frozen=True)
class Seat:
    """One post in a station's plan; the defaults are a certified full-time social worker."""

    post: str = P.SOCIAL_WORKER
    since: date | None = None  # None: a random start in 2019–2025
    certified: bool = True
    lapsed: bool = False  # holds a certificate whose registration has expired
    full_time: bool = True
    grade: str = "qualified"  # a leader's latest (2025) appraisal
    talent: tuple[str, str] | None = None  # (kind, level) of a qualification, for S5
    moved_from: str | None = None  # left a social worker post at that street's station
    dual_attempt: bool = False  # a full-time workroom post is tried too and refused (S4)


SW = Seat()
OFFICIAL = Seat(P.HEAD, certified=False, full_time=False)  # S3: the street's concurrent head
OPERATOR = Seat(P.OPERATING_SUPERVISOR)  # S3: the contractor's project lead
CITY_SUPERVISOR = ("supervisor", "municipal")
CITY_TALENT = ("leading_talent", "municipal")
D = date


def _head(since: date, **facts) -> Seat:
    return Seat(P.HEAD, since, **facts)


def _deputy(since: date, **facts) -> Seat:
    return Seat(P.DEPUTY, since, **facts)


# Counted under S1: certified full-time head, deputy and social workers, not the mixed head.
STATIONS = {
    # self, 5 communities → 3: exact; head eligible now (S6), municipal supervisor (S5 met)
    "清波街道": [_head(D(2020, 3, 2), talent=CITY_SUPERVISOR), SW, SW],
    # self, 12 → 4: a deputy where only 4 are asked for (S2 violation); deputy eligible (S7)
    "小营街道": [_head(D(2021, 9, 1), talent=CITY_TALENT), _deputy(D(2021, 3, 15)), SW, SW],
    # self, 8 → 3: one registration lapsed, 2 counted (S1 violation, S2 advice); the head is
    # new (eligible later) and has no municipal title (S5 advice)
    "南星街道": [_head(D(2024, 5, 6)), SW, Seat(lapsed=True)],
    # self, 12 → 4: 5 counted (S1 info, S2 advice); head 3+ years but 基本合格 (no S6)
    "紫阳街道": [_head(D(2019, 7, 1), grade="basic"), *[SW] * 4],
    # self, 11 → 4: exact; head since 2019, provincial leading talent (S6)
    "望江街道": [_head(D(2019, 4, 1), talent=("leading_talent", "provincial")), *[SW] * 3],
    # self, 16 → 4: exact; head since 2025 (eligible later)
    "采荷街道": [_head(D(2025, 1, 6), talent=CITY_SUPERVISOR, grade="excellent"), *[SW] * 3],
    # self, 11 → 4: exact; the head was a social worker at 采荷's station before (history)
    "四季青街道": [_head(D(2022, 7, 1), talent=CITY_TALENT, moved_from="采荷街道"), *[SW] * 3],
    # self, 20 → 5: head + deputy + 3, exact; deputy since 2024 (eligible later)
    "笕桥街道": [_head(D(2020, 10, 1), grade="excellent"), _deputy(D(2024, 9, 2)), *[SW] * 3],
    # self, 24 → 5: one worker uncertified, 4 counted (S1 violation); the deputy holds only a
    # district title (S5 advice) and is proposed for a workroom post too (S4, refused)
    "丁兰街道": [
        _head(D(2021, 1, 4), talent=CITY_TALENT),
        _deputy(D(2023, 2, 1), talent=("assistant_supervisor", "district"), dual_attempt=True),
        *[SW] * 2,
        Seat(certified=False),
    ],
    # mixed, 6 → 3: exact, with the contractor's operating supervisor
    "湖滨街道": [OFFICIAL, OPERATOR, *[SW] * 3],
    # mixed, 15 → 4: no operating supervisor (S3 violation); deputy eligible now (S7)
    "凯旋街道": [OFFICIAL, _deputy(D(2020, 6, 1), talent=CITY_SUPERVISOR), *[SW] * 3],
    # mixed, 17 → 4: exact
    "闸弄口街道": [OFFICIAL, OPERATOR, *[SW] * 4],
    # mixed, 21 → 5: 6 counted (S1 info); deputy since 2025 (eligible later)
    "彭埠街道": [OFFICIAL, _deputy(D(2025, 3, 3)), OPERATOR, *[SW] * 5],
    # mixed, 21 → 5: 3 counted (S1 violation)
    "九堡街道": [OFFICIAL, OPERATOR, *[SW] * 3],
}


def _rng(key: str) -> random.Random:
    # Demo data, not secrets: a seeded generator is the point (reproducible everywhere).
    return random.Random(f"shangcheng-staff-{key}")  # noqa: S311


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _years_after(day: date, years: int) -> date:
    return rules.anniversary(day, years)


@dataclass
class _Member:
    """One new person with the posts, certificate and facts to be written for them."""

    person: Person
    posts: list[Post] = field(default_factory=list)
    certificate: Certificate | None = None
    grade: str | None = None  # forced latest appraisal
    talent: tuple[str, str] | None = None
    via_service: bool = False  # posts go through post_assign (showcase)
    dual_attempt: bool = False

    def hold(self, unit: Unit, post: str, start: date, end=None, full_time=True) -> Post:
        self.posts.append(
            Post(
                person=self.person, unit=unit, post=post, full_time=full_time, start=start, end=end
            )
        )
        return self.posts[-1]

    def in_post(self, day: date) -> bool:
        return any(p.is_active_on(day) for p in self.posts)


class _Roster:
    """One street's new people, built unsaved from the street's own generator."""

    def __init__(self, street: Street, taken_ids: set[str]):
        self.street = street
        self.rng = _rng(street.code)
        self.taken = taken_ids
        # The sequence digits of the ID number are banded by street, so streets never clash.
        self.band = int(street.code[-2:]) % 20 * 50
        self.members: list[_Member] = []
        self.certificates = 0
        self.workrooms = [u for u in street.units.all() if not u.is_station]

    def person(self, rng, *, born: date, female: bool, since: date | None) -> _Member:
        name = rng.choice(SURNAMES)
        given = GIVEN_FEMALE if female else GIVEN_MALE
        name += (
            rng.choice(given)
            if rng.random() < 0.35
            else rng.choice(GIVEN_FIRST) + rng.choice(given)
        )
        person = Person(
            street=self.street,
            name=name,
            gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
            birth_date=born,
            id_number=self._id_number(rng, born, female),
            mobile=rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}",
            community_work_since=since,
        )
        member = _Member(person)
        self.members.append(member)
        return member

    def _id_number(self, rng, born: date, female: bool) -> str:
        while True:
            # GB 11643: the sequence number is odd for men and even for women.
            seq = self.band + rng.randrange(int(not female), 50, 2)
            first17 = f"{REGION}{born:%Y%m%d}{seq:03d}"
            number = first17 + id_check_char(first17)  # check char is already upper-case X
            if number not in self.taken:
                self.taken.add(number)
                return number

    def certify(self, rng, member: _Member, *, issued: date, lapsed: bool = False) -> None:
        self.certificates += 1
        # Registration is renewed every 3 years; a lapsed one ended at its last renewal date.
        periods = rules.full_years([(issued, None)], D(2026, 6, 30)) // 3
        member.certificate = Certificate(
            person=member.person,
            level=_weighted(rng, CERT_LEVELS),
            number=f"{issued.year}{REGION}{self.street.code[-3:]}{self.certificates:05d}",
            issued_on=issued,
            expires_on=_years_after(issued, 3 * periods) if lapsed and periods else None,
        )


def _staff_station(roster: _Roster, station: Unit, stations: dict[str, Unit]) -> None:
    rng = roster.rng
    for seat in STATIONS.get(roster.street.name, [Seat(P.HEAD), SW, SW]):
        leader = seat.post != P.SOCIAL_WORKER
        born = _day(rng, D(1972, 1, 1), D(1988, 12, 31) if leader else D(1998, 12, 31))
        since = _day(rng, max(_years_after(born, 22), D(2006, 1, 1)), D(2017, 12, 31))
        member = roster.person(
            rng,
            born=born,
            female=rng.random() < (0.55 if leader else 0.75),
            since=since if seat.full_time else None,
        )
        if seat.certified or seat.lapsed:
            roster.certify(
                rng, member, issued=_day(rng, since, D(2018, 12, 31)), lapsed=seat.lapsed
            )
        start = seat.since or _day(rng, ON_RECORD, D(2025, 6, 30))
        if seat.moved_from in stations:
            member.hold(stations[seat.moved_from], P.SOCIAL_WORKER, D(2019, 3, 1), end=start)
            member.via_service = True
        member.hold(station, seat.post, start, full_time=seat.full_time)
        member.grade = seat.grade if leader else None
        member.talent, member.dual_attempt = seat.talent, seat.dual_attempt
        if seat.post in LEADERS and start > D(2019, 6, 1):
            _predecessor(roster, station, seat, start)


def _predecessor(roster: _Roster, station: Unit, seat: Seat, until: date) -> None:
    """The leader before: left the post the day the present one started (history)."""
    rng = roster.rng
    born = _day(rng, D(1966, 1, 1), D(1980, 12, 31))
    since = _day(rng, D(2003, 1, 1), D(2012, 12, 31)) if seat.full_time else None
    member = roster.person(rng, born=born, female=rng.random() < 0.5, since=since)
    start = _day(rng, ON_RECORD, until - timedelta(days=365))
    member.hold(station, seat.post, start, end=until, full_time=seat.full_time)


def _staff_workroom(roster: _Roster, unit: Unit, neighbours: list[Unit]) -> None:
    """About a dozen people; a few workrooms have no full-time worker (W1) or no seasoned
    certified one (W2)."""
    rng = _rng(unit.community.code)
    roll = rng.random() if unit.community.code not in JUNIOR else 0.1
    if roll < 0.05:  # W1: only community workers covering the post part-time
        for _i in range(rng.randint(1, 3)):
            _worker(roster, rng, unit, full_time=False)
        return
    junior = roll < 0.12  # W2: nobody certified among the full-time workers
    for i in range(rng.randint(11, 19)):
        member = _worker(roster, rng, unit, seasoned=i == 0 and not junior, certify=not junior)
        post = member.posts[0]
        if i and rng.random() < 0.08 and post.start + HALF_YEAR < LAST_START:
            post.end = _day(rng, post.start + HALF_YEAR, D(2026, 10, 30))  # left the district
        elif i and neighbours and rng.random() < 0.03 and post.start + HALF_YEAR < LAST_START:
            moved = _day(rng, post.start + HALF_YEAR, LAST_START)  # came from a neighbour
            post.unit, post.end = rng.choice(neighbours), moved
            member.hold(unit, post.post, moved)


def _worker(roster, rng, unit, *, seasoned=False, certify=True, full_time=True) -> _Member:
    born = _day(rng, D(1971, 1, 1), D(1990, 12, 31) if seasoned else D(2003, 6, 30))
    earliest = max(_years_after(born, 21), D(2005, 3, 1))
    since = _day(rng, earliest, D(2018, 12, 31) if seasoned else D(2026, 6, 30))
    member = roster.person(rng, born=born, female=rng.random() < 0.78, since=since)
    if seasoned or (certify and rng.random() < 0.5):
        issued = _day(rng, max(since, _years_after(born, 22)), D(2026, 6, 30))
        roster.certify(rng, member, issued=issued, lapsed=rng.random() < 0.02 and not seasoned)
    start = max(since, _day(rng, ON_RECORD, D(2020, 12, 31)))
    member.hold(unit, P.WORKROOM_SOCIAL_WORKER, start, full_time=full_time)
    return member


def _appraisals(roster: _Roster) -> list[StaffAppraisal]:
    """Each year's appraisal of everyone in a full-time post at the year's end."""
    rows = []
    for member in roster.members:
        for year in APPRAISAL_YEARS:
            end = D(year, 12, 31)
            if not any(p.full_time and p.is_active_on(end) for p in member.posts):
                continue
            grade = _weighted(roster.rng, GRADES)
            if member.grade and year == APPRAISAL_YEARS[-1]:
                grade = member.grade
            rows.append(StaffAppraisal(person=member.person, year=year, grade=grade))
    return rows


def _qualifications(roster: _Roster) -> list[Qualification]:
    rows = []
    for member in roster.members:
        if member.talent:
            kind, level = member.talent
            title = LEVEL_PREFIX[level] + TALENT_TITLES[kind]
            year = roster.rng.randint(2016, 2021)
            rows.append(
                Qualification(person=member.person, kind=kind, level=level, year=year, title=title)
            )
    return rows


def _showcase(roster: _Roster) -> int:
    """The posts that go through ``post_assign``; returns how many attempts were refused."""
    clerk = User.objects.filter(username=roster.street.pinyin, street=roster.street).first()
    refused = 0
    for member in roster.members:
        for p in member.posts if member.via_service else []:
            post_assign(
                person=member.person, unit=p.unit, post=p.post, start=p.start, end=p.end, user=clerk
            )
        if member.dual_attempt and roster.workrooms:
            try:  # S4: the deputy cannot also take a community's full-time post
                post_assign(
                    person=member.person,
                    unit=roster.workrooms[0],
                    post=P.WORKROOM_SOCIAL_WORKER,
                    start=D(2025, 3, 3),
                    user=clerk,
                    note="兼任社区社会工作岗",
                )
            except ValidationError:
                refused += 1
    return refused


def _district_events() -> tuple[list[TrainingEvent], int]:
    """TR2: the district's practice training and study visit of every year (shared)."""
    events, created = [], 0
    for year in TRAINING_YEARS:
        for kind, title, held in (
            ("practice", f"{year}年上城区社会工作实务集中培训", D(year, 4, 18)),
            (STUDY_VISIT, f"{year}年上城区社会工作站（室）建设外出参观见习", D(year, 10, 16)),
        ):
            event, new = TrainingEvent.objects.get_or_create(
                title=title, held_on=held, defaults={"kind": kind, "level": "district"}
            )
            events.append(event)
            created += new
    return events, created


def _street_events(roster: _Roster) -> list[TrainingEvent]:
    rng, events = roster.rng, []
    for year in TRAINING_YEARS:
        for kind in rng.sample(sorted(STREET_TRAININGS), rng.randint(1, 2)):
            held = _day(rng, D(year, 3, 1), D(year, 10, 31))
            title = f"{roster.street.name}{year}年{STREET_TRAININGS[kind]}"
            events.append(
                TrainingEvent(
                    title=title, kind=kind, level="street", held_on=held, street=roster.street
                )
            )
    return events


def _attendance(roster: _Roster, district: list, street: list) -> list[Attendance]:
    rng, rows = roster.rng, []
    for event in district + street:
        for member in roster.members:
            if not member.in_post(event.held_on):
                continue
            at_station = any(p.unit.is_station for p in member.posts)
            share = 0.35 if event.street_id else 0.1
            if event.kind == STUDY_VISIT:
                share = 0.04 if not at_station else 0.6
            elif not event.street_id and at_station:
                share = 1
            if rng.random() < share:
                rows.append(Attendance(event=event, person=member.person))
    return rows


def _roster(street: Street, taken: set[str], stations: dict[str, Unit]) -> _Roster:
    roster = _Roster(street, taken)
    if street.name in stations:
        _staff_station(roster, stations[street.name], stations)
    for unit in roster.workrooms:
        _staff_workroom(roster, unit, [w for w in roster.workrooms if w.pk != unit.pk])
    return roster


def _insert(objs: list, model) -> int:
    """Bulk insert with one history row each, marked as demo data."""
    bulk_create_with_history(
        objs, model, default_change_reason="演示数据", default_date=timezone.now()
    )
    return len(objs)


def _write_staff(rosters: list[_Roster]) -> dict:
    members = [m for r in rosters for m in r.members]
    counts = {"people": _insert([m.person for m in members], Person)}
    counts["certificates"] = _insert([m.certificate for m in members if m.certificate], Certificate)
    counts["posts"] = _insert([p for m in members if not m.via_service for p in m.posts], Post)
    counts["appraisals"] = _insert([a for r in rosters for a in _appraisals(r)], StaffAppraisal)
    _insert([q for r in rosters for q in _qualifications(r)], Qualification)
    counts["refused"] = sum(_showcase(r) for r in rosters)
    counts["posts"] += sum(len(m.posts) for m in members if m.via_service)
    return counts


def _write_training(rosters: list[_Roster]) -> dict:
    district, created = _district_events() if rosters else ([], 0)
    by_street = {r.street.pk: _street_events(r) for r in rosters}
    created += _insert([e for events in by_street.values() for e in events], TrainingEvent)
    attendance = [a for r in rosters for a in _attendance(r, district, by_street[r.street.pk])]
    Attendance.objects.bulk_create(attendance)
    return {"trainings": created, "attendances": len(attendance)}


@transaction.atomic
def seed() -> dict:
    """Staff every street whose roster is still empty; returns the counts created."""
    streets = (
        Street.objects.exclude(pk__in=Person.objects.values("street"))
        .prefetch_related("units__community")
        .order_by("code")
    )
    stations = {u.street.name: u for u in Unit.objects.stations().select_related("street")}
    taken = set(Person.objects.values_list("id_number", flat=True))
    rosters = [_roster(street, taken, stations) for street in streets]
    return _write_staff(rosters) | _write_training(rosters)
