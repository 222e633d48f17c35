"""Demo data for stations: the real tree from the fixture, generated facts on top.

Every generated value comes from a random generator seeded by the record's own division
code, so the data are the same on every machine and a second run creates nothing. The only
dates (recognitions) are counted back from the day the demo is seeded as of
(``shangcheng.demo``).
"""

import csv
import random
from datetime import date
from pathlib import Path

from django.db import transaction

from shangcheng import rules

from .models import Community, ListItem, Recognition, School, SpecialStation, Street, Unit

FIXTURE = Path(__file__).parent / "fixtures" / "shangcheng-communities.csv"

PINYIN = {
    "清波街道": "qingbo",
    "湖滨街道": "hubin",
    "小营街道": "xiaoying",
    "南星街道": "nanxing",
    "紫阳街道": "ziyang",
    "望江街道": "wangjiang",
    "凯旋街道": "kaixuan",
    "采荷街道": "caihe",
    "闸弄口街道": "zhanongkou",
    "四季青街道": "sijiqing",
    "彭埠街道": "pengbu",
    "笕桥街道": "jianqiao",
    "丁兰街道": "dinglan",
    "九堡街道": "jiubao",
}
# Streets whose station runs with a contractor (the rest are self-operated).
MIXED = {"湖滨街道", "凯旋街道", "闸弄口街道", "彭埠街道", "九堡街道"}
# Two communities have no workroom yet, so T2 coverage shows a gap in the demo.
NO_WORKROOM = {"330102013016", "330102014005"}
FEATURES = [
    "暖心",
    "邻里",
    "阳光",
    "同心",
    "红枫",
    "向日葵",
    "启航",
    "和美",
    "乐龄",
    "彩虹",
    "小王",
    "李姐",
    "益起来",
    "心连心",
]
# The policy's first year: recognitions are given in 2022 and every finished year since.
FIRST_YEAR = 2022
SCHOOL_KINDS = ["实验小学", "第一小学", "第二小学", "中学", "幼儿园", "外国语学校", "职业高中"]


def _rng(key: str) -> random.Random:
    return random.Random(f"shangcheng-demo-{key}")


def _subset(rng, codes: dict, complete: bool) -> list[str]:
    keys = list(codes)
    if complete:
        return keys
    return sorted(
        rng.sample(keys, rng.randint(max(1, len(keys) - 2), len(keys) - 1)), key=keys.index
    )


def load_tree() -> int:
    """Streets and communities from the fixture; returns how many were created."""
    created = 0
    with FIXTURE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            street, new = Street.objects.get_or_create(
                code=row["street_code"],
                defaults={"name": row["street_name"], "pinyin": PINYIN[row["street_name"]]},
            )
            created += new
            _, new = Community.objects.get_or_create(
                code=row["community_code"],
                defaults={"street": street, "name": row["community_name"]},
            )
            created += new
    return created


def _station(street: Street) -> Unit:
    rng = _rng(street.code)
    complete = rng.random() < 0.55
    mixed = street.name in MIXED
    return Unit(
        kind=Unit.Kind.STATION,
        street=street,
        name=rules.expected_station_name(street.name),
        brand=f"{street.name[:-2]}{rng.choice(['善治', '暖心', '邻里', '共富'])}",
        address=f"杭州市上城区{street.name}党群服务中心",
        mode=Unit.Mode.MIXED if mixed else Unit.Mode.SELF,
        contractor=f"杭州市上城区{street.name[:-2]}社会工作服务中心" if mixed else "",
        rooms=_subset(rng, rules.STATION_ROOMS, complete),
        systems=_subset(rng, rules.STATION_SYSTEMS, complete or rng.random() < 0.5),
        has_service_window=complete or rng.random() < 0.7,
        shows_service_list=complete or rng.random() < 0.6,
        displays=_subset(rng, rules.STATION_DISPLAYS, complete or rng.random() < 0.4),
        uses_logo=complete or rng.random() < 0.8,
        signage_on_wall=True,
        # F10: most stations are hosted by the party-and-mass centre; a few have no place yet
        service_place="" if rng.random() < 0.1 else "party_mass_centre",
    )


def _weighted_place(rng: random.Random) -> str:
    """A workroom's place: mostly the residents' committee, some shared, a few none (F10)."""
    roll = rng.random()
    if roll < 0.04:
        return ""
    return "shared_with_social_orgs" if roll < 0.25 else "residents_committee"


def _workroom(community: Community) -> Unit:
    rng = _rng(community.code)
    complete = rng.random() < 0.7
    feature = rng.choice(FEATURES)
    # A few carry an old name without a feature (an F8 finding to fix).
    name = (
        f"上城区{community.street.name}{community.name}"
        f"{'' if rng.random() < 0.05 else feature}社会工作室"
    )
    return Unit(
        kind=Unit.Kind.WORKROOM,
        street=community.street,
        community=community,
        name=name,
        brand=feature,
        address=f"{community.name}居委会",
        rooms=_subset(rng, rules.WORKROOM_ROOMS, complete),
        postings=_subset(rng, rules.WORKROOM_POSTINGS, complete or rng.random() < 0.5),
        uses_logo=complete or rng.random() < 0.8,
        signage_on_wall=complete or rng.random() < 0.9,
        service_place=_weighted_place(rng),  # F10
    )


def _extras(unit: Unit, rng: random.Random, as_of: date) -> None:
    """Lists, special stations and recognitions of a newly created unit."""
    for list_code in ListItem.List.values:
        if rng.random() < 0.1:
            continue  # some units still miss a list (L1)
        for i in range(rng.randint(1, 3)):
            party = rng.choice(list(rules.FIVE_PARTIES)) if list_code == "resources" else ""
            ListItem.objects.create(
                unit=unit,
                list=list_code,
                title=f"{ListItem.List(list_code).label} {i + 1}",
                party=party,
            )
    if unit.is_station and rng.random() < 0.6:
        SpecialStation.objects.create(
            station=unit, name=f"{unit.street.name}未成年人保护工作站", field="未成年人保护"
        )
    _recognise(unit, rng, as_of)


def _recognise(unit: Unit, rng: random.Random, as_of: date) -> None:
    # About half of the units are recognised in some finished year since 2022 (T1, T3).
    if rng.random() >= 0.5:
        return
    year = rng.choice(range(FIRST_YEAR, as_of.year))
    level = rng.choice(["municipal", "municipal", "provincial"])
    revoked = min(date(year + 1, 6, 30), as_of) if rng.random() < 0.04 else None
    Recognition.objects.create(
        unit=unit, level=level, year=year, title=f"{year}年度示范点", revoked_on=revoked
    )


def _schools(street: Street, units: list[Unit]) -> None:
    if street.schools.exists():
        return
    rng = _rng(f"schools-{street.code}")
    for kind in rng.sample(SCHOOL_KINDS, rng.randint(3, 6)):
        school = School.objects.create(street=street, name=f"杭州市{street.name[:-2]}{kind}")
        if rng.random() < 0.55:
            school.served_by.add(rng.choice(units))


@transaction.atomic
def seed(*, as_of: date) -> dict:
    """Load the tree and create whatever demo units are missing, recognised in the years
    before ``as_of`` (from 2023 on). Idempotent; returns how many were created."""
    if as_of.year <= FIRST_YEAR:
        raise ValueError(f"as_of {as_of} leaves no finished year since {FIRST_YEAR}")
    created = {"tree": load_tree(), "units": 0}
    streets = Street.objects.prefetch_related("communities", "units")
    for street in streets:
        units = list(street.units.all())
        if not any(u.is_station for u in units):
            station = _station(street)
            station.save()
            _extras(station, _rng(f"extras-{street.code}"), as_of)
            units.append(station)
            created["units"] += 1
        have = {u.community_id for u in units}
        for community in street.communities.all():
            if community.pk in have or community.code in NO_WORKROOM:
                continue
            workroom = _workroom(community)
            workroom.save()
            _extras(workroom, _rng(f"extras-{community.code}"), as_of)
            units.append(workroom)
            created["units"] += 1
        _schools(street, units)
    return created
