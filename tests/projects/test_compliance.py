"""P1/P2 ("123N" / "13N"), P3 and C2/C3 as every page and the command see them."""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import Funding, Purchase, SiteBudget
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


# L2: a brand is formed once one brand project runs long-term.


def test_station_brands_short_of_long_term_give_l2_advice_until_one_is_sustained(station):
    service = ProjectFactory(unit=station, category="brand_service", stage="evaluation")
    ProjectFactory(unit=station, category="brand_governance", stage="implementation")
    [finding] = _found(station, "L2")
    assert finding.severity == "advice"
    service.stage = "sustained"
    service.save()
    assert _found(station, "L2") == []


# G6: a demonstration site standing in the year needs its budget line of that year.


def test_site_recognised_without_its_budget_line_breaks_g6(station):
    Recognition.objects.create(unit=station, level="municipal", year=2025)
    [finding] = _found(station, "G6")
    assert station.name in finding.message and "2026" in finding.message
    SiteBudget.objects.create(unit=station, year=2026, amount=Decimal("50000.00"))
    assert _found(station, "G6") == []


def test_last_years_budget_line_does_not_cover_this_year(station):
    Recognition.objects.create(unit=station, level="district", year=2024)
    SiteBudget.objects.create(unit=station, year=2025, amount=Decimal("50000.00"))
    assert [f.rule for f in _found(station, "G6")] == ["G6"]


def test_site_revoked_before_the_year_needs_no_budget_line(workroom):
    Recognition.objects.create(
        unit=workroom, level="district", year=2024, revoked_on=date(2025, 6, 30)
    )
    assert _found(workroom, "G6") == []
    # Revoked during the year: it stood on the year's first day, so the line was due.
    Recognition.objects.filter(unit=workroom).update(revoked_on=date(2026, 3, 1))
    assert [f.rule for f in _found(workroom, "G6")] == ["G6"]


def test_site_recognised_later_in_the_year_asked_about_is_not_yet_due(station):
    Recognition.objects.create(unit=station, level="municipal", year=2027)
    assert _found(station, "G6") == []


# G2: last finished year's purchases against the street's venture fund, on its station.


def _fund(street, venture, purchases, *, project, year=2025):
    funding = Funding.objects.create(year=year, street=street, venture_fund=Decimal(venture))
    Purchase.objects.create(funding=funding, project=project, amount=Decimal(purchases))
    return funding


def test_exactly_20_percent_meets_g2(station):
    _fund(station.street, "1000.00", "200.00", project=ProjectFactory(unit=station))
    assert _found(station, "G2") == []


def test_one_fen_below_20_percent_breaks_g2_on_the_station_only(station, workroom):
    _fund(station.street, "1000.00", "199.99", project=ProjectFactory(unit=station))
    [finding] = _found(station, "G2")
    assert finding.severity == "violation"
    assert "199.99" in finding.message and "19.99%" in finding.message
    assert _found(workroom, "G2") == []


def test_a_street_without_last_years_fund_is_advised_to_record_it(station):
    [finding] = _found(station, "G2")
    assert finding.severity == "advice"
    assert station.street.name in finding.message and "2025" in finding.message
    # This year's fund is still open: it does not count for last year.
    Funding.objects.create(year=2026, street=station.street, venture_fund=Decimal("1000.00"))
    assert [f.severity for f in _found(station, "G2")] == ["advice"]


def test_funding_status_gives_the_floor_and_shortfall_to_the_fen(station, other_station):
    from projects.compliance import funding_status

    _fund(station.street, "1000.00", "199.99", project=ProjectFactory(unit=station))
    Funding.objects.create(year=2025, street=None, venture_fund=Decimal("0.05"))
    district, short, missing = funding_status(
        2025, [station.street, other_station.street], district=True
    )
    assert district.street is None and district.required == Decimal("0.01")
    assert (district.shortfall, district.met) == (Decimal("0.01"), False)
    assert (short.required, short.shortfall, short.share) == (
        Decimal("200.00"),
        Decimal("0.01"),
        Decimal("19.99"),
    )
    assert missing.funding is None and missing.met is None
    assert [f.severity for f in missing.findings] == ["advice"]
