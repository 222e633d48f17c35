"""G6 (§6(2)): each standing demonstration site's funds are in the year's budget."""

from datetime import date
from decimal import Decimal

import pytest

from shangcheng import rules

Recognition = rules.SiteRecognition


def site(*recognitions, budget_years=(), name="上城区清波街道清波门社区暖心社会工作室"):
    return rules.SiteBudget(name, tuple(recognitions), frozenset(budget_years))


def test_site_standing_in_a_year_without_a_budget_line_is_a_violation():
    [finding] = rules.check_site_budgets(2024, [site(Recognition(2023))])
    assert (finding.rule, finding.clause, finding.severity) == ("G6", "§6(2)", "violation")
    assert finding.message == (
        "示范点“上城区清波街道清波门社区暖心社会工作室”2024 年的建设、运营、督导、服务经费"
        "未纳入年度财政预算"
    )


def test_site_with_the_years_budget_line_passes():
    assert rules.check_site_budgets(2024, [site(Recognition(2023), budget_years={2024})]) == []


def test_another_years_budget_line_does_not_count():
    assert len(rules.check_site_budgets(2024, [site(Recognition(2023), budget_years={2023})])) == 1


@pytest.mark.parametrize(
    ("recognition", "standing"),
    [
        (Recognition(2024), True),  # recognised in the year itself
        (Recognition(2025), False),  # not yet recognised
        (Recognition(2023, revoked_on=date(2024, 1, 1)), False),  # revoked by the first day
        (Recognition(2023, revoked_on=date(2024, 1, 2)), True),  # stood on 1 January
        (Recognition(2023, revoked_on=date(2023, 6, 1)), False),
    ],
)
def test_a_site_stands_in_a_year_on_any_day_of_it(recognition, standing):
    assert recognition.stands_in(2024) is standing
    assert bool(rules.check_site_budgets(2024, [site(recognition)])) is standing


@pytest.mark.parametrize(
    ("revoked_on", "standing"),
    [(date(2022, 9, 1), False), (date(2022, 9, 2), True), (None, True)],
)
def test_in_2022_only_standing_from_the_date_of_effect_counts(revoked_on, standing):
    # E0: a site revoked before 2022-09-01 stood only before the document was in force.
    recognition = Recognition(2022, revoked_on=revoked_on)
    assert recognition.stands_in(2022) is standing


def test_one_standing_recognition_is_enough_and_a_lapse_is_no_finding():
    lapsed_then_renewed = site(
        Recognition(2022, revoked_on=date(2023, 3, 1)), Recognition(2025), name="望江街道社会工作站"
    )
    assert len(rules.check_site_budgets(2023, [lapsed_then_renewed])) == 1  # stood to 28 Feb
    assert rules.check_site_budgets(2024, [lapsed_then_renewed]) == []  # not a site that year
    [finding] = rules.check_site_budgets(2025, [lapsed_then_renewed])
    assert finding.message.startswith("示范点“望江街道社会工作站”2025 年")


def test_one_finding_per_unbudgeted_site_in_the_order_given():
    sites = [
        site(Recognition(2023), name="甲"),
        site(Recognition(2023), budget_years={2024}, name="乙"),
        site(Recognition(2022), name="丙"),
    ]
    assert [f.message[4] for f in rules.check_site_budgets(2024, sites)] == ["甲", "丙"]


def test_a_year_before_the_date_of_effect_is_refused():
    with pytest.raises(ValueError, match="2021-12-31"):
        rules.check_site_budgets(2021, [])
    assert rules.check_site_budgets(2022, []) == []


def test_a_revocation_before_the_recognition_year_is_refused():
    with pytest.raises(ValueError, match="2023"):
        Recognition(2024, revoked_on=date(2023, 12, 31))


def test_g2_and_g6_share_the_clause():
    assert rules.rule("G6").clause == rules.rule("G2").clause == "§6(2)"
    assert rules.check_funding_floor("上城区", 2024, Decimal(100), Decimal(20)) == []
