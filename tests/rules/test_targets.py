"""T1–T6 (§2): district-wide progress against the targets of 2022, 2023 and 2025."""

from dataclasses import replace
from datetime import date
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
ON_TRACK_2025 = replace(
    ON_TRACK_2022,
    year=2025,
    demo_stations=7,
    demo_workrooms=100,
    schools=61,
    schools_served=58,
    supervisors_municipal_plus=50,
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
        "T4": "share",  # 全区推广: no number
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
    with pytest.raises(ValueError, match="2021"):
        rules.check_targets(replace(ON_TRACK_2022, year=2021))


def test_counts_taken_before_the_policy_is_in_force_are_refused():
    # E0: nothing is judged as of a day before 2022-09-01.
    with pytest.raises(ValueError, match="2022-08-31"):
        rules.target_progress(replace(ON_TRACK_2022, on=date(2022, 8, 31)))
    assert rules.target_progress(replace(ON_TRACK_2022, on=date(2022, 9, 1)))


def test_counts_of_a_year_are_taken_on_a_day_of_that_year():
    assert ON_TRACK_2022.counted_on == date(2022, 12, 31)
    assert replace(ON_TRACK_2022, on=date(2022, 10, 1)).counted_on == date(2022, 10, 1)
    with pytest.raises(ValueError, match="2023-01-01"):
        replace(ON_TRACK_2022, on=date(2023, 1, 1))


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
    assert (t6.target, t6.value, t6.percent, t6.indicator, t6.unit) == (
        None,
        3,
        None,
        "社会工作专业服务品牌项目",
        "个",
    )
    assert t6.text == "社会工作专业服务品牌项目现有 3 个，2022 年底目标不设数量，仅报告"
    assert rules.check_targets(ON_TRACK_2022) == []


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2022, 12, 30), "in_progress"),  # the day before the due date: 进行中
        (date(2022, 12, 31), "behind"),  # due on 31 December: 未达标
    ],
)
def test_a_target_falls_due_on_31_december_of_its_year(on, status):
    counts = replace(ON_TRACK_2022, on=on, demo_stations=1)
    t1 = by_rule(rules.target_progress(counts))["T1"]
    assert (t1.status, t1.due_on) == (status, date(2022, 12, 31))


def test_met_before_the_due_date_is_still_in_progress():
    counts = replace(ON_TRACK_2022, on=date(2022, 12, 30))
    assert {p.status for p in rules.target_progress(counts)} == {"in_progress", "report"}
    assert rules.check_targets(counts) == []


def test_trailing_before_the_due_date_is_info_in_progress():
    counts = replace(ON_TRACK_2022, on=date(2022, 12, 30), demo_stations=1)
    [finding] = rules.check_targets(counts)
    assert (finding.rule, finding.clause, finding.severity) == ("T1", "§2", "info")
    assert finding.message == (
        "省、市级街道社会工作站示范点现有 1 个，2022 年底目标不少于 2 个（完成 50.00%），进行中"
    )


def test_missed_at_the_due_date_reads_not_met_and_is_advice_never_a_violation():
    [finding] = rules.check_targets(replace(ON_TRACK_2022, demo_stations=1))
    assert (finding.rule, finding.clause, finding.severity) == ("T1", "§2", "advice")
    assert finding.message == (
        "省、市级街道社会工作站示范点现有 1 个，2022 年底目标不少于 2 个（完成 50.00%），未达标"
    )
    assert "违规" not in finding.message


def test_nothing_missed_is_ever_a_violation():
    nothing = replace(
        ON_TRACK_2022,
        year=2025,
        demo_stations=0,
        communities_with_workroom=0,
        demo_workrooms=0,
        schools_served=0,
        supervisors_municipal_plus=0,
        brand_projects=0,
    )
    findings = rules.check_targets(nothing)
    assert [(f.rule, f.severity) for f in findings] == [
        ("T1", "advice"),
        ("T2", "advice"),
        ("T3", "advice"),
        ("T5", "advice"),
    ]
    assert all(f.message.endswith("，未达标") for f in findings)


def test_every_count_carries_its_unit():
    counts = replace(
        ON_TRACK_2022, demo_workrooms=19, schools_served=9, supervisors_municipal_plus=9
    )
    messages = {f.rule: f.message for f in rules.check_targets(counts)}
    assert messages["T3"] == (
        "社区社会工作室示范点现有 19 个，2022 年底目标不少于 20 个（完成 95.00%），未达标"
    )
    assert messages["T4"] == (
        "驻校社工服务落地学校现有 9 所，2022 年底目标不少于 10 所（完成 90.00%），未达标"
    )
    assert messages["T5"] == (
        "国家、省、市级社工督导现有 9 人，2022 年底目标不少于 10 人（完成 90.00%），未达标"
    )


def test_workroom_coverage_target_is_every_community_and_reads_full_coverage():
    counts = replace(ON_TRACK_2022, communities_with_workroom=197)
    t2 = by_rule(rules.target_progress(counts))["T2"]
    assert (t2.target, t2.base, t2.value, t2.status, t2.percent) == (
        199,
        199,
        197,
        "behind",
        Decimal("98.99"),
    )
    [finding] = rules.check_targets(counts)
    assert "全覆盖（197/199）" in finding.message
    assert finding.message == (
        "建有社区社会工作室的社区现有 197 个，2022 年底目标全覆盖（197/199），未达标"
    )


def test_percent_is_truncated_and_not_capped():
    counts = replace(ON_TRACK_2022, demo_workrooms=45, demo_stations=1)
    progress = by_rule(rules.target_progress(counts))
    assert progress["T3"].percent == Decimal("225.00")
    assert progress["T1"].percent == Decimal("50.00")
    counts = replace(ON_TRACK_2022, year=2023, schools_served=13)
    assert by_rule(rules.target_progress(counts))["T4"].percent == Decimal("65.00")


def test_t4_in_2025_reports_the_count_and_the_share_of_the_districts_schools():
    t4 = by_rule(rules.target_progress(ON_TRACK_2025))["T4"]
    assert (t4.target_year, t4.target, t4.base, t4.value, t4.status, t4.kind) == (
        2025,
        None,
        61,
        58,
        "report",
        "share",
    )
    assert t4.percent == Decimal("95.08")
    assert t4.text == "驻校社工服务落地学校现有 58 所，占全区 61 所的 95.08%，2025 年底目标全区推广"


@pytest.mark.parametrize("served", [0, 1, 60, 61])
@pytest.mark.parametrize("year", [2025, 2030])
def test_t4_from_2025_is_never_a_finding(served, year):
    counts = replace(ON_TRACK_2025, year=year, schools_served=served)
    assert [f for f in rules.check_targets(counts) if f.rule == "T4"] == []


def test_t4_in_2025_before_its_due_date_is_held_to_the_passed_2023_number():
    counts = replace(ON_TRACK_2025, on=date(2025, 12, 30), schools_served=19)
    [finding] = rules.check_targets(counts)
    assert (finding.rule, finding.severity) == ("T4", "advice")
    assert "2023 年底目标不少于 20 所" in finding.message
    assert rules.check_targets(replace(counts, on=date(2025, 12, 31))) == []


def test_t4_share_of_no_schools_is_not_a_percentage():
    counts = replace(ON_TRACK_2025, schools=0, schools_served=0)
    t4 = by_rule(rules.target_progress(counts))["T4"]
    assert (t4.percent, t4.status) == (None, "report")
    assert t4.text == "驻校社工服务落地学校现有 0 所，2025 年底目标全区推广"


def test_t4_before_2025_still_has_its_number():
    # In 2024 the passed 2023 target of 20 schools still binds; 2025 only reports.
    counts = replace(ON_TRACK_2025, year=2024, schools_served=19)
    [finding] = rules.check_targets(counts)
    assert (finding.rule, finding.severity) == ("T4", "advice")
    assert "2023 年底目标不少于 20 所" in finding.message


def test_every_community_of_none_is_met():
    counts = replace(ON_TRACK_2022, communities=0, communities_with_workroom=0)
    t2 = by_rule(rules.target_progress(counts))["T2"]
    assert (t2.target, t2.percent, t2.status) == (0, Decimal(100), "met")


@pytest.mark.parametrize(
    ("year", "words"),
    [
        (2022, "国家、省、市级社工督导"),
        (2023, "省、市级社工督导"),
        (2024, "国家、省、市级社工督导"),  # measured against 2025
        (2025, "国家、省、市级社工督导"),
    ],
)
def test_t5_quotes_each_target_years_own_words(year, words):
    counts = replace(ON_TRACK_2022, year=year, supervisors_municipal_plus=0)
    t5 = by_rule(rules.target_progress(counts))["T5"]
    assert t5.indicator == words
    assert rules.target_indicator("T5", year) == rules.TARGET_WORDS.get(year, {}).get(
        "T5", rules.INDICATORS["T5"]
    )


def test_t5_2023_message_quotes_2023s_words():
    counts = replace(
        ON_TRACK_2022,
        year=2023,
        demo_stations=5,
        demo_workrooms=50,
        schools_served=20,
        supervisors_municipal_plus=19,
    )
    [finding] = rules.check_targets(counts)
    assert finding.message == (
        "省、市级社工督导现有 19 人，2023 年底目标不少于 20 人（完成 95.00%），未达标"
    )


def test_indicator_words_fall_back_to_the_defaults():
    assert rules.target_indicator("T1", 2023) == "省、市级街道社会工作站示范点"
    assert rules.target_indicator("T5", 2026) == "国家、省、市级社工督导"


def test_in_2024_meeting_2023_but_not_yet_2025_is_info_in_progress():
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
        ("T1", "info"),
        ("T3", "info"),
        ("T5", "info"),
    ]
    assert findings[0].message == (
        "省、市级街道社会工作站示范点现有 5 个，2025 年底目标不少于 7 个（完成 71.42%），进行中"
    )


def test_in_2024_missing_the_passed_2023_target_reads_not_met():
    counts = replace(
        ON_TRACK_2022,
        year=2024,
        demo_stations=4,
        demo_workrooms=50,
        schools_served=60,
        supervisors_municipal_plus=50,
    )
    [t1, t3] = rules.check_targets(counts)
    assert (t1.rule, t1.severity) == ("T1", "advice")
    assert "2023 年底目标不少于 5 个" in t1.message
    assert t1.message.endswith("未达标")
    assert (t3.rule, t3.severity) == ("T3", "info")


def test_workroom_coverage_is_a_standing_requirement_between_target_years():
    counts = replace(
        ON_TRACK_2025,
        year=2024,
        communities=200,
    )
    [finding] = rules.check_targets(counts)
    assert (finding.rule, finding.severity) == ("T2", "advice")
    assert "全覆盖（199/200）" in finding.message


def test_after_the_last_target_year_the_2025_targets_still_bind():
    counts = replace(ON_TRACK_2025, year=2030, demo_workrooms=99)
    [finding] = rules.check_targets(counts)
    assert (finding.rule, finding.severity) == ("T3", "advice")


def test_target_tables_are_data_a_later_year_can_add_indicators():
    targets = {2022: {"T1": 2}, 2026: {"T1": 9, "T5": 80}}
    counts = replace(ON_TRACK_2022, year=2024, demo_stations=2, supervisors_municipal_plus=10)
    findings = rules.check_targets(counts, targets)
    assert [(f.rule, f.severity) for f in findings] == [("T1", "info"), ("T5", "info")]


def test_a_target_year_not_yet_due_has_no_passed_target_to_miss():
    # Before the first target year falls due, only progress speaks.
    counts = replace(ON_TRACK_2022, on=date(2022, 9, 1), demo_stations=0)
    assert [(f.rule, f.severity) for f in rules.check_targets(counts)] == [("T1", "info")]


@pytest.mark.parametrize("target", ["all", "share"])
def test_every_and_share_bases_exist_only_for_t2_and_t4(target):
    with pytest.raises(ValueError, match="T1"):
        rules.target_progress(ON_TRACK_2022, {2022: {"T1": target}})


def test_a_share_target_reports_and_an_every_target_judges():
    progress = by_rule(rules.target_progress(ON_TRACK_2022, {2022: {"T2": "share", "T4": "all"}}))
    assert (progress["T2"].status, progress["T2"].percent) == ("report", Decimal(100))
    assert (progress["T4"].status, progress["T4"].target) == ("behind", 60)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        replace(ON_TRACK_2022, schools=-1)


def test_statuses_read_in_chinese():
    assert [status.label for status in rules.TargetStatus] == [
        "达标",
        "未达标",
        "进行中",
        "仅报告数量",
    ]
    assert rules.TARGET_UNITS == {
        "T1": "个",
        "T2": "个",
        "T3": "个",
        "T4": "所",
        "T5": "人",
        "T6": "个",
    }


def test_target_messages_pass_through_the_translator():
    rules.set_translator(lambda message: message.replace("未达标", "NOT MET"))
    try:
        [finding] = rules.check_targets(replace(ON_TRACK_2022, demo_stations=1))
    finally:
        rules.set_translator(None)
    assert finding.message.endswith("NOT MET")
