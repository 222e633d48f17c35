"""T1–T6 (§2): district-wide progress against the targets of 2022, 2023 and 2025."""

from dataclasses import replace
from decimal import Decimal

import pytest

from shangcheng import rules

ON_TRACK_2022 = rules.TargetCounts(
    year=2022,
    demo_stations=2,
    communities=199,
    communities_with_workroom=199,
    demo_workrooms=20,
    schools=60,
    schools_served=10,
    supervisors_municipal_plus=10,
    brand_projects=3,
)


def by_rule(progress):
    return {item.rule: item for item in progress}


def test_target_table_holds_the_documents_numbers():
    assert rules.TARGETS[2022] == {"T1": 2, "T2": "all", "T3": 20, "T4": 10, "T5": 10, "T6": None}
    assert rules.TARGETS[2023] == {"T1": 5, "T2": "all", "T3": 50, "T4": 20, "T5": 20, "T6": None}
    assert rules.TARGETS[2025] == {
        "T1": 7,
        "T2": "all",
        "T3": 100,
        "T4": "all",
        "T5": 50,
        "T6": None,
    }


@pytest.mark.parametrize(
    ("year", "target_year"), [(2022, 2022), (2023, 2023), (2024, 2025), (2025, 2025), (2030, 2025)]
)
def test_year_is_measured_against_the_next_target_year_or_the_last(year, target_year):
    assert rules.target_year_for(year) == target_year


def test_years_before_the_policy_have_no_targets():
    with pytest.raises(ValueError, match="2021"):
        rules.target_year_for(2021)
    with pytest.raises(ValueError):
        rules.check_targets(replace(ON_TRACK_2022, year=2021))


def test_district_on_track_in_2022_meets_every_target_and_reports_brands():
    progress = rules.target_progress(ON_TRACK_2022)
    assert [(p.rule, p.status) for p in progress] == [
        ("T1", "met"),
        ("T2", "met"),
        ("T3", "met"),
        ("T4", "met"),
        ("T5", "met"),
        ("T6", "report"),
    ]
    t6 = progress[-1]
    assert (t6.target, t6.value, t6.percent, t6.indicator) == (
        None,
        3,
        None,
        "社会工作专业服务品牌项目",
    )
    assert rules.check_targets(ON_TRACK_2022) == []


def test_workroom_coverage_target_is_every_community():
    counts = replace(ON_TRACK_2022, communities_with_workroom=198)
    t2 = by_rule(rules.target_progress(counts))["T2"]
    assert (t2.target, t2.value, t2.status, t2.percent) == (199, 198, "behind", Decimal("99.49"))


def test_percent_is_truncated_and_not_capped():
    counts = replace(ON_TRACK_2022, demo_workrooms=45, demo_stations=1)
    progress = by_rule(rules.target_progress(counts))
    assert progress["T3"].percent == Decimal("225.00")
    assert progress["T1"].percent == Decimal("50.00")
    counts = replace(ON_TRACK_2022, year=2023, schools_served=13)
    assert by_rule(rules.target_progress(counts))["T4"].percent == Decimal("65.00")


def test_in_2025_every_school_must_be_served():
    counts = replace(ON_TRACK_2022, year=2025, schools=61, schools_served=60)
    t4 = by_rule(rules.target_progress(counts))["T4"]
    assert (t4.target_year, t4.target, t4.status) == (2025, 61, "behind")


def test_every_school_of_none_is_met():
    counts = replace(ON_TRACK_2022, year=2025, schools=0, schools_served=0)
    t4 = by_rule(rules.target_progress(counts))["T4"]
    assert (t4.target, t4.percent, t4.status) == (0, Decimal(100), "met")


def test_behind_in_the_target_year_itself_is_a_violation():
    [finding] = rules.check_targets(replace(ON_TRACK_2022, demo_stations=1))
    assert (finding.rule, finding.clause, finding.severity) == ("T1", "§2", "violation")
    assert (
        finding.message
        == "省、市级街道社会工作站示范点现为 1，2022 年底目标不少于 2（完成 50.00 %）"
    )


def test_in_2024_meeting_2023_but_not_yet_2025_is_advice():
    counts = replace(
        ON_TRACK_2022,
        year=2024,
        demo_stations=5,
        demo_workrooms=50,
        schools_served=20,
        supervisors_municipal_plus=20,
    )
    findings = rules.check_targets(counts)
    assert [(f.rule, f.severity) for f in findings] == [
        ("T1", "advice"),
        ("T3", "advice"),
        ("T4", "advice"),
        ("T5", "advice"),
    ]
    assert "2025 年底目标不少于 7" in findings[0].message


def test_in_2024_missing_the_passed_2023_target_is_a_violation():
    counts = replace(
        ON_TRACK_2022,
        year=2024,
        demo_stations=4,
        demo_workrooms=50,
        schools_served=60,
        supervisors_municipal_plus=50,
    )
    [t1, t3] = rules.check_targets(counts)
    assert (t1.rule, t1.severity) == ("T1", "violation")
    assert "2023 年底目标不少于 5" in t1.message
    assert (t3.rule, t3.severity) == ("T3", "advice")


def test_workroom_coverage_is_a_standing_requirement_between_target_years():
    counts = replace(
        ON_TRACK_2022,
        year=2024,
        communities=200,
        demo_stations=7,
        demo_workrooms=100,
        schools_served=60,
        supervisors_municipal_plus=50,
    )
    [finding] = rules.check_targets(counts)
    assert (finding.rule, finding.severity) == ("T2", "violation")


def test_after_the_last_target_year_the_2025_targets_still_bind():
    counts = replace(
        ON_TRACK_2022,
        year=2030,
        demo_stations=7,
        demo_workrooms=99,
        schools_served=60,
        supervisors_municipal_plus=50,
    )
    [finding] = rules.check_targets(counts)
    assert (finding.rule, finding.severity) == ("T3", "violation")


def test_target_tables_are_data_a_later_year_can_add_indicators():
    targets = {2022: {"T1": 2}, 2026: {"T1": 9, "T5": 80}}
    counts = replace(ON_TRACK_2022, year=2024, demo_stations=2, supervisors_municipal_plus=10)
    findings = rules.check_targets(counts, targets)
    assert [(f.rule, f.severity) for f in findings] == [("T1", "advice"), ("T5", "advice")]


def test_every_base_exists_only_for_coverage_indicators():
    with pytest.raises(ValueError, match="T1"):
        rules.target_progress(ON_TRACK_2022, {2022: {"T1": "all"}})


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        replace(ON_TRACK_2022, schools=-1)
