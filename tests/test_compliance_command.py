"""`manage.py compliance`: every finding of a street's units (or all streets), as JSON lines."""

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from staffing.services import certificate_add, person_create, post_assign
from staffing.validators import id_check_char
from tests.factories import CommunityFactory, WorkroomFactory

ON = "2026-11-29"
KEYS = {"unit", "rule", "clause", "severity", "message"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def _run(*args) -> str:
    out = StringIO()
    call_command("compliance", *args, "--on", ON, stdout=out)
    return out.getvalue()


def _rows(*args) -> list[dict]:
    return [json.loads(line) for line in _run(*args, "--json").splitlines()]


def _staff(unit, post, *, seq, certified=True, full_time=True):
    first17 = f"33010219850312{seq:03d}"
    person = person_create(
        street=unit.street,
        name="测试" + "".join("零一二三四五六七八九"[int(d)] for d in str(seq)),  # no digits
        gender="male" if seq % 2 else "female",  # as the ID number's order code says
        id_number=first17 + id_check_char(first17),
        community_work_since=date(2015, 3, 1),
    )
    if certified:
        certificate_add(
            person=person, level="assistant", number=f"T{seq:05d}", issued_on=date(2016, 6, 1)
        )
    return post_assign(
        person=person, unit=unit, post=post, start=date(2021, 1, 4), full_time=full_time
    )


@pytest.fixture
def tree(station, other_station):
    """清波 (3 communities → 3 required): head + 1 social worker, understaffed; 湖滨 staffed."""
    _staff(station, "head", seq=1)
    _staff(station, "social_worker", seq=2)
    for i, community in enumerate(station.street.communities.all()):
        _staff(WorkroomFactory(community=community), "workroom_social_worker", seq=10 + i)
    for i, post in enumerate(["head", "social_worker", "social_worker"]):
        _staff(other_station, post, seq=20 + i)
    return station, other_station


@pytest.mark.django_db
def test_every_line_is_a_json_object_with_exactly_the_five_keys(tree):
    lines = _run("--street", "清波街道", "--json").splitlines()
    assert lines
    for line in lines:
        row = json.loads(line)
        assert set(row) == KEYS
        assert all(isinstance(value, str) and value for value in row.values())


@pytest.mark.django_db
def test_understaffed_station_gets_s1_violation_and_premises_findings(tree):
    station, _ = tree
    rows = _rows("--street", "清波街道")
    s1 = [r for r in rows if r["rule"] == "S1"]
    assert s1 == [
        {
            "unit": station.name,
            "rule": "S1",
            "clause": "§4(3)",
            "severity": "violation",
            "message": "社区数 3，需专职持证社工 3 人，现有 2 人",
        }
    ]
    # The bare test station has no rooms, systems or displays on record (F1–F4).
    premises = {r["rule"] for r in rows if r["unit"] == station.name and r["rule"][0] == "F"}
    assert {"F1", "F2", "F3", "F4"} <= premises


@pytest.mark.django_db
def test_nothing_from_another_street_appears(tree):
    station, other = tree
    own = {station.name} | {u.name for u in station.street.units.all()}
    units = {r["unit"] for r in _rows("--street", "清波街道")}
    assert units <= own
    assert not units & {u.name for u in other.street.units.all()}


@pytest.mark.django_db
def test_all_covers_every_street(tree):
    station, other = tree
    units = {r["unit"] for r in _rows("--all")}
    assert station.name in units and other.name in units


@pytest.mark.django_db
def test_street_by_name_pinyin_or_code_gives_the_same_findings(tree):
    by_name = _run("--street", "清波街道", "--json")
    assert _run("--street", "qingbo", "--json") == by_name
    assert _run("--street", "330102001", "--json") == by_name


@pytest.mark.django_db
def test_text_output_has_one_tab_separated_line_per_finding(tree):
    lines = _run("--street", "清波街道").splitlines()
    assert len(lines) == len(_rows("--street", "清波街道"))
    assert all(len(line.split("\t")) == 5 for line in lines)


@pytest.mark.django_db
def test_unknown_street_is_refused_in_chinese(tree):
    with pytest.raises(CommandError) as refused:
        _run("--street", "不存在街道")
    assert HAN.search(str(refused.value))


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2026-13-01", "29/11/2026", "yesterday"])
def test_bad_on_date_is_refused(street, day):
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("compliance", "--street", "清波街道", "--on", day, stdout=out)
    assert "YYYY-MM-DD" in str(refused.value)
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_street_or_all_is_required_and_not_both(street):
    with pytest.raises(CommandError):
        call_command("compliance", "--json", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("compliance", "--all", "--street", "清波街道", stdout=StringIO())


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_units(tree, django_assert_num_queries):
    station, _ = tree
    with CaptureQueriesContext(connection) as small:
        _run("--street", "清波街道", "--json")
    # Grow the street: 9 more communities, each with a staffed workroom, and more station staff.
    street = station.street
    for i in range(9):
        workroom = WorkroomFactory(community=CommunityFactory(street=street))
        _staff(workroom, "workroom_social_worker", seq=100 + i, certified=bool(i % 2))
    _staff(station, "social_worker", seq=200)
    assert street.units.count() == 13
    with django_assert_num_queries(len(small)):
        _run("--street", "清波街道", "--json")


@pytest.mark.django_db
def test_all_includes_the_districts_own_funding_and_a_street_does_not(tree):
    from decimal import Decimal

    from projects.models import Funding

    # No district fund of 2025 on record: advice to record it, under the district's name.
    district = [r for r in _rows("--all") if r["unit"] == "上城区（区级）"]
    assert [(r["rule"], r["severity"]) for r in district] == [("G2", "advice")]
    assert not [r for r in _rows("--street", "清波街道") if r["unit"] == "上城区（区级）"]
    # A fund without purchases: the floor is missed.
    Funding.objects.create(year=2025, street=None, venture_fund=Decimal("1000.00"))
    district = [r for r in _rows("--all") if r["unit"] == "上城区（区级）"]
    assert [(r["rule"], r["severity"]) for r in district] == [("G2", "violation")]
