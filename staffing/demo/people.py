"""The people of one street's roster, built unsaved: names, ID numbers, mobiles,
certificates, posts, appraisals and qualifications.

Every value comes from a random generator seeded by a division code, so the people are the
same on every machine for the same ``as_of``.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from shangcheng import rules
from stations.models import Street, Unit

from ..models import Certificate, Person, Post, Qualification, StaffAppraisal
from ..validators import id_check_char
from .plan import HALF_YEAR, LEADERS, ON_RECORD, Calendar, D, P, Seat

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
TALENT_TITLES = {
    "leading_talent": "社会工作领军人才",
    "supervisor": "社工督导",
    "assistant_supervisor": "助理社工督导",
}
LEVEL_PREFIX = {"district": "上城区", "municipal": "杭州市", "provincial": "浙江省"}


def rng_for(key: str) -> random.Random:
    # Demo data, not secrets: a seeded generator is the point (reproducible everywhere).
    return random.Random(f"shangcheng-staff-{key}")


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _years_after(day: date, years: int) -> date:
    return rules.anniversary(day, years)


@dataclass
class Member:
    """One new person with the posts, certificate and facts to be written for them."""

    person: Person
    posts: list[Post] = field(default_factory=list)
    certificate: Certificate | None = None
    grade: str | None = None  # forced latest appraisal
    talent: tuple[str, str] | None = None
    via_service: bool = False  # posts go through post_assign (showcase)
    dual_attempt: date | None = None

    def hold(self, unit: Unit, post: str, start: date, end=None, full_time=True, **s3) -> Post:
        """``s3``: office_director / contractor_lead of a mixed-mode station's posts."""
        self.posts.append(
            Post(
                person=self.person,
                unit=unit,
                post=post,
                full_time=full_time,
                start=start,
                end=end,
                **s3,
            )
        )
        return self.posts[-1]

    def in_post(self, day: date) -> bool:
        return any(p.is_active_on(day) for p in self.posts)


class Roster:
    """One street's new people, built unsaved from the street's own generator."""

    def __init__(self, street: Street, taken_ids: set[str], cal: Calendar):
        self.street = street
        self.cal = cal
        self.rng = rng_for(street.code)
        self.taken = taken_ids
        # The sequence digits of the ID number are banded by street, so streets never clash.
        self.band = int(street.code[-2:]) % 20 * 50
        self.members: list[Member] = []
        self.certificates = 0
        self.workrooms = [u for u in street.units.all() if not u.is_station]

    def person(self, rng, *, born: date, female: bool, since: date | None) -> Member:
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
        member = Member(person)
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

    def certify(self, rng, member: Member, *, issued: date, lapsed: bool = False) -> None:
        self.certificates += 1
        # Registration is renewed every 3 years; a lapsed one ended at its last renewal date.
        periods = rules.full_years([(issued, None)], self.cal.recent) // 3
        member.certificate = Certificate(
            person=member.person,
            level=_weighted(rng, CERT_LEVELS),
            number=f"{issued.year}{REGION}{self.street.code[-3:]}{self.certificates:05d}",
            issued_on=issued,
            expires_on=_years_after(issued, 3 * periods) if lapsed and periods else None,
        )


def staff_station(roster: Roster, station: Unit, plan: list[Seat], stations: dict) -> None:
    rng, cal = roster.rng, roster.cal
    for seat in plan:
        leader = seat.post != P.SOCIAL_WORKER
        born = day_between(rng, D(1972, 1, 1), D(1988, 12, 31) if leader else D(1998, 12, 31))
        since = day_between(rng, max(_years_after(born, 22), D(2006, 1, 1)), D(2017, 12, 31))
        member = roster.person(
            rng,
            born=born,
            female=rng.random() < (0.55 if leader else 0.75),
            since=since if seat.full_time else None,
        )
        if seat.certified or seat.lapsed:
            issued = day_between(rng, since, D(2018, 12, 31))
            roster.certify(rng, member, issued=issued, lapsed=seat.lapsed)
        start = seat.since or day_between(rng, ON_RECORD, cal.station_start_by)
        if seat.moved_from in stations:
            member.hold(stations[seat.moved_from], P.SOCIAL_WORKER, D(2019, 3, 1), end=start)
            member.via_service = True
        member.hold(station, seat.post, start, full_time=seat.full_time, **_s3(seat))
        member.grade = seat.grade if leader else None
        member.talent, member.dual_attempt = seat.talent, seat.dual_attempt
        if seat.post in LEADERS and start > D(2019, 6, 1):
            _predecessor(roster, station, seat, start)


def _s3(seat: Seat) -> dict:
    return {"office_director": seat.office_director, "contractor_lead": seat.contractor_lead}


def _predecessor(roster: Roster, station: Unit, seat: Seat, until: date) -> None:
    """The leader before: left the post the day the present one started (history)."""
    rng = roster.rng
    born = day_between(rng, D(1966, 1, 1), D(1980, 12, 31))
    since = day_between(rng, D(2003, 1, 1), D(2012, 12, 31)) if seat.full_time else None
    member = roster.person(rng, born=born, female=rng.random() < 0.5, since=since)
    start = day_between(rng, ON_RECORD, until - timedelta(days=365))
    member.hold(station, seat.post, start, end=until, full_time=seat.full_time, **_s3(seat))


def staff_workroom(roster: Roster, unit: Unit, neighbours: list[Unit]) -> None:
    """About a dozen people; a few workrooms have no full-time worker (W1) or no seasoned
    certified one (W2)."""
    rng, cal = rng_for(unit.community.code), roster.cal
    roll = rng.random() if unit.community.code not in JUNIOR else 0.1
    if roll < 0.05:  # W1 and S4: only community workers covering the post part-time
        for _i in range(rng.randint(1, 3)):
            _worker(roster, rng, unit, full_time=False)
        return
    junior = roll < 0.12  # W2: nobody certified among the full-time workers
    for i in range(rng.randint(11, 19)):
        member = _worker(roster, rng, unit, seasoned=i == 0 and not junior, certify=not junior)
        post = member.posts[0]
        room = post.start + HALF_YEAR < cal.last_start
        if i and rng.random() < 0.08 and room:
            post.end = day_between(rng, post.start + HALF_YEAR, cal.left_by)  # left the district
        elif i and neighbours and rng.random() < 0.03 and room:
            moved = day_between(rng, post.start + HALF_YEAR, cal.last_start)  # from a neighbour
            post.unit, post.end = rng.choice(neighbours), moved
            member.hold(unit, post.post, moved)


def _worker(roster, rng, unit, *, seasoned=False, certify=True, full_time=True) -> Member:
    recent = roster.cal.recent
    born = day_between(rng, D(1971, 1, 1), D(1990, 12, 31) if seasoned else D(2003, 6, 30))
    earliest = max(_years_after(born, 21), D(2005, 3, 1))
    since = day_between(rng, earliest, D(2018, 12, 31) if seasoned else recent)
    member = roster.person(rng, born=born, female=rng.random() < 0.78, since=since)
    if seasoned or (certify and rng.random() < 0.5):
        issued = day_between(rng, max(since, _years_after(born, 22)), recent)
        roster.certify(rng, member, issued=issued, lapsed=rng.random() < 0.02 and not seasoned)
    elif rng.random() < 0.3:  # W1: a social-work degree qualifies the uncertified
        member.person.social_work_degree = True
    start = max(since, day_between(rng, ON_RECORD, D(2020, 12, 31)))
    member.hold(unit, P.WORKROOM_SOCIAL_WORKER, start, full_time=full_time)
    return member


def appraisals(roster: Roster) -> list[StaffAppraisal]:
    """Each finished year's appraisal of everyone in a full-time post at the year's end."""
    rows, years = [], roster.cal.appraisal_years
    for member in roster.members:
        for year in years:
            end = D(year, 12, 31)
            if not any(p.full_time and p.is_active_on(end) for p in member.posts):
                continue
            grade = _weighted(roster.rng, GRADES)
            if member.grade and year == years[-1]:
                grade = member.grade
            rows.append(StaffAppraisal(person=member.person, year=year, grade=grade))
    return rows


def qualifications(roster: Roster) -> list[Qualification]:
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
