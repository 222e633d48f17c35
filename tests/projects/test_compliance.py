"""P1/P2 ("123N" / "13N"), P3 and C2/C3 as every page and the command see them."""

from datetime import date

import pytest

from projects.models import Funding, Purchase
from shangcheng.compliance import findings_for_units
from stations.models import Recognition
from tests.projects.factories import CaseStudyFactory, ProjectFactory

ON = date(2026, 6, 30)
STATION_SET = ["core", "brand_service", "brand_governance", "cluster", "cluster", "cluster"]
WORKROOM_SET = ["brand_service", "consultation", "neighbour_culture", "backbone"]


def _found(unit, rule, on=ON):
    return [f for f in findings_for_units([unit], on)[unit.pk] if f.rule == rule]


def test_a_station_running_123n_has_no_p1_finding(station):
    for category in STATION_SET:
        ProjectFactory(unit=station, category=category)
    assert _found(station, "P1") == []


def test_two_service_brands_do_not_make_up_for_the_governance_brand(station):
    categories = [c for c in STATION_SET if c != "brand_governance"] + ["brand_service"]
    for category in categories:
        ProjectFactory(unit=station, category=category)
    [finding] = _found(station, "P1")
    assert "社区治理品牌" in finding.message


def test_a_workroom_running_13n_has_no_p2_finding(workroom):
    for category in WORKROOM_SET:
        ProjectFactory(unit=workroom, category=category)
    assert _found(workroom, "P2") == []


def test_projects_not_running_in_the_year_do_not_count(station):
    for category in STATION_SET:
        ProjectFactory(unit=station, category=category, first_year=2024, last_year=2025)
    assert _found(station, "P1")  # 2026: none of them runs any more
    assert _found(station, "P1", date(2025, 12, 31)) == []


@pytest.mark.parametrize(
    ("declared", "flagged", "severity"),
    [(True, True, "violation"), (False, False, "advice"), (True, False, None)],
)
def test_p3_flagged_is_a_violation_and_undeclared_awaits_review(
    station, declared, flagged, severity
):
    ProjectFactory(
        unit=station,
        name="社区纠纷排查",
        declared_non_administrative=declared,
        flagged_administrative=flagged,
    )
    found = _found(station, "P3")
    assert [str(f.severity) for f in found] == ([severity] if severity else [])
    assert all("社区纠纷排查" in f.message for f in found)


@pytest.mark.parametrize(("cases", "violated"), [(1, True), (2, False)])
def test_a_station_writes_two_case_studies_a_year(station, cases, violated):
    for _ in range(cases):
        CaseStudyFactory(unit=station, year=2025)
    assert bool(_found(station, "C2")) is violated


@pytest.mark.parametrize(("cases", "violated"), [(0, True), (1, False)])
def test_a_workroom_writes_one_case_study_a_year(workroom, cases, violated):
    for _ in range(cases):
        CaseStudyFactory(unit=workroom, year=2025)
    assert bool(_found(workroom, "C3")) is violated


def test_the_current_years_cases_are_not_judged_before_it_ends(station):
    """C2 reads the last finished year: in 2026 the 2025 quota, not 2026's open one."""
    CaseStudyFactory(unit=station, year=2025)
    CaseStudyFactory(unit=station, year=2025)
    assert _found(station, "C2") == []


def test_the_project_findings_cost_the_same_queries_for_1_and_4_units(
    django_assert_num_queries, station, workroom, other_station, other_workroom
):
    from projects.compliance import project_findings

    few = [station]
    many = [station, workroom, other_station, other_workroom]
    project = ProjectFactory(unit=station)
    ProjectFactory(unit=other_workroom, category="consultation")
    CaseStudyFactory(unit=workroom)
    Recognition.objects.create(unit=station, level="district", year=2024)
    Recognition.objects.create(unit=other_workroom, level="district", year=2024)
    funding = Funding.objects.create(year=2025, street=station.street, venture_fund=1000)
    Purchase.objects.create(funding=funding, project=project, amount=200)
    # Projects, cases, recognitions, site budgets, streets, fundings, purchases.
    with django_assert_num_queries(7):
        project_findings(few, ON)
    with django_assert_num_queries(7):
        project_findings(many, ON)
