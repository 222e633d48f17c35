"""Supervision findings: V6 per unit (coverage on the day, core members), gathered by
``shangcheng.compliance``; V2/V3/V4 per supervisor; both in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shangcheng.compliance import findings_for_units
from stations.models import Unit
from supervision.compliance import coverage, supervision_findings, supervisor_findings
from tests.factories import StationFactory, StreetFactory, WorkroomFactory
from tests.supervision.factories import (
    AgreementFactory,
    AnnualAppraisalFactory,
    AssignmentFactory,
    EngagementFactory,
    SupervisorFactory,
)

ON = date(2025, 6, 15)


def _v6(findings):
    return [f.message for f in findings if f.rule == "V6"]


@pytest.fixture
def rooms(street):
    """The three workrooms of 清波街道, by community order."""
    return [WorkroomFactory(community=c) for c in street.communities.order_by("code")]


@pytest.fixture
def municipal(street):
    return SupervisorFactory(person__street=street, level="municipal", user=None)


def test_an_assignment_that_ended_the_day_before_does_not_cover_the_day(station, rooms, municipal):
    # ``end`` is the day the link ended: ON itself is not covered; a link ending the day
    # after ON covers it, and so does one starting on ON.
    AssignmentFactory(supervisor=municipal, unit=rooms[0], start=date(2024, 1, 1), end=ON)
    AssignmentFactory(
        supervisor=municipal, unit=rooms[1], start=date(2024, 1, 1), end=ON + timedelta(days=1)
    )
    AssignmentFactory(supervisor=municipal, unit=rooms[2], start=ON)
    AssignmentFactory(supervisor=municipal, unit=station, start=date(2024, 1, 1), core=True)
    found = supervision_findings([station, *rooms], ON)
    assert _v6(found[station.pk]) == [f"社区社会工作室“{rooms[0].name}”未安排社工督导联系指导"]
    assert len(_v6(found[rooms[0].pk])) == 1
    assert _v6(found[rooms[1].pk]) == [] and _v6(found[rooms[2].pk]) == []
    # The day before ON the first workroom was still covered, the third not yet.
    before = supervision_findings([station, *rooms], ON - timedelta(days=1))
    assert _v6(before[rooms[0].pk]) == [] and len(_v6(before[rooms[2].pk])) == 1


def test_a_station_needs_a_municipal_or_higher_core_member(station, rooms, street):
    for room in rooms:
        AssignmentFactory(unit=room, supervisor__person__street=street)
    core_finding = "社会工作站尚未吸纳省、市级社会工作督导作为骨干成员"
    assert _v6(supervision_findings([station], ON)[station.pk]) == [core_finding]
    district = SupervisorFactory(level="district", user=None)
    AssignmentFactory(supervisor=district, unit=station, core=True)
    assert _v6(supervision_findings([station], ON)[station.pk]) == [core_finding]
    linked = SupervisorFactory(level="provincial", user=None)  # linked, not a core member
    AssignmentFactory(supervisor=linked, unit=station, core=False)
    assert _v6(supervision_findings([station], ON)[station.pk]) == [core_finding]
    national = SupervisorFactory(level="national", user=None)
    AssignmentFactory(supervisor=national, unit=station, core=True, end=ON)  # ended
    assert _v6(supervision_findings([station], ON)[station.pk]) == [core_finding]
    AssignmentFactory(supervisor=national, unit=station, core=True, start=ON)
    assert _v6(supervision_findings([station], ON)[station.pk]) == []


def test_a_station_asks_for_every_workroom_of_its_street_even_unlisted(station, rooms):
    found = supervision_findings([station], ON)
    assert len(_v6(found[station.pk])) == len(rooms) + 1  # each workroom and the core


def test_findings_for_units_gathers_v6(station, rooms):
    found = findings_for_units([station, *rooms], ON)
    assert all(_v6(found[unit.pk]) for unit in [station, *rooms])


def _tree(streets: int, rooms_per_street: int) -> list[Unit]:
    units = []
    for _ in range(streets):
        street = StreetFactory(communities=rooms_per_street)
        station = StationFactory(street=street)
        units.append(station)
        supervisor = SupervisorFactory(person__street=street, user=None)
        AssignmentFactory(supervisor=supervisor, unit=station, core=True)
        for community in street.communities.all():
            room = WorkroomFactory(community=community)
            AssignmentFactory(supervisor=supervisor, unit=room)
            units.append(room)
    return units


def _queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function(*args)
    return len(ctx)


@pytest.mark.django_db
def test_v6_costs_the_same_queries_for_any_number_of_units():
    small = _tree(1, 2)
    small_count = _queries(supervision_findings, small, ON)
    large = small + _tree(3, 4)
    assert _queries(supervision_findings, large, ON) == small_count <= 2


@pytest.mark.django_db
def test_coverage_counts_workrooms_covered_and_stations_with_core():
    _tree(2, 2)
    summary = coverage(ON)
    assert (summary.workrooms, summary.covered) == (4, 4)
    assert (summary.stations, summary.stations_with_core) == (2, 2)
    WorkroomFactory()  # a workroom nobody supervises
    assert (coverage(ON).workrooms, coverage(ON).covered) == (5, 4)


# V2, V3, V4 per supervisor


def _rules(found, *only) -> list[tuple[str, str]]:
    return sorted((f.rule, str(f.severity)) for f in found if not only or f.rule in only)


@pytest.mark.django_db
def test_an_engagement_under_three_years_is_advice():
    short = EngagementFactory(start=date(2024, 1, 1), end=date(2026, 12, 30)).supervisor
    full = EngagementFactory(start=date(2024, 1, 1), end=date(2026, 12, 31)).supervisor
    open_ended = EngagementFactory(start=date(2024, 1, 1)).supervisor
    found = supervisor_findings(ON)
    assert _rules(found[short.pk], "V2") == [("V2", "advice")]
    assert _rules(found[full.pk], "V2") == [] and _rules(found[open_ended.pk], "V2") == []


@pytest.mark.django_db
def test_a_finished_short_engagement_is_no_longer_advised():
    supervisor = EngagementFactory(start=date(2022, 1, 1), end=date(2023, 12, 31)).supervisor
    EngagementFactory(supervisor=supervisor, start=date(2024, 1, 1))
    assert _rules(supervisor_findings(ON)[supervisor.pk], "V2") == []


@pytest.mark.django_db
def test_an_agreement_over_a_year_is_a_violation():
    engagement = EngagementFactory(start=date(2024, 1, 1))
    AgreementFactory(engagement=engagement, start=date(2024, 1, 1), end=date(2024, 12, 31))
    AgreementFactory(engagement=engagement, start=date(2025, 1, 1), end=date(2026, 1, 1))
    found = [f for f in supervisor_findings(ON)[engagement.supervisor_id] if f.rule == "V3"]
    assert _rules(found) == [("V3", "violation")]
    assert "2025-01-01 至 2026-01-01" in found[0].message


@pytest.mark.django_db
def test_last_years_appraisal_not_final_after_31_december_is_a_violation():
    engaged = EngagementFactory(start=date(2023, 1, 1)).supervisor
    drafted = EngagementFactory(start=date(2023, 1, 1)).supervisor
    AnnualAppraisalFactory(supervisor=drafted, year=2024)  # a draft is not done
    appraised = EngagementFactory(start=date(2023, 1, 1)).supervisor
    AnnualAppraisalFactory(supervisor=appraised, year=2024, status="final", grade="qualified")
    newcomer = EngagementFactory(start=date(2025, 2, 1)).supervisor  # not engaged in 2024
    found = supervisor_findings(ON)
    assert _rules(found[engaged.pk]) == [("V4", "violation")]
    assert engaged.person.name in found[engaged.pk][0].message
    assert _rules(found[drafted.pk]) == [("V4", "violation")]
    assert found[appraised.pk] == [] and found[newcomer.pk] == []


@pytest.mark.django_db
def test_supervisor_findings_cost_the_same_queries_for_any_number():
    def make(n):
        for _ in range(n):
            engagement = EngagementFactory(start=date(2024, 1, 1), end=date(2025, 12, 31))
            AgreementFactory(engagement=engagement, start=date(2025, 1, 1), end=date(2025, 12, 31))

    make(1)
    small = _queries(supervisor_findings, ON)
    make(5)
    assert _queries(supervisor_findings, ON) == small <= 5
