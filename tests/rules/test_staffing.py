"""S1–S3, S5, W1–W2 (§4(3)): who staffs a station and a workroom."""

import pytest

from shangcheng import rules


def holders(*posts: str, certified: bool = True, full_time: bool = True) -> list[rules.PostHolder]:
    return [rules.PostHolder(post, certified, full_time) for post in posts]


def concurrent_head(name: str = "") -> rules.PostHolder:
    """S3: the street's public service office director, holding the post concurrently."""
    return rules.PostHolder(
        "head", certified=False, full_time=False, name=name, office_director=True
    )


def supervisor(name: str = "", contractor_lead: bool = True) -> rules.PostHolder:
    """S3: the operating supervisor, the contractor's head or project lead."""
    return rules.PostHolder(
        "operating_supervisor",
        certified=True,
        full_time=True,
        name=name,
        contractor_lead=contractor_lead,
    )


def summary(findings: list[rules.Finding]) -> list[tuple[str, str]]:
    return [(finding.rule, finding.severity) for finding in findings]


@pytest.mark.parametrize(
    ("communities", "required"),
    [(0, 3), (9, 3), (10, 4), (12, 4), (19, 4), (20, 5), (35, 5)],
)
def test_required_social_workers_steps_at_10_and_20_communities(communities, required):
    """POLICY: 10 communities fall in the narrower band 10–19, so they ask for 4."""
    assert rules.required_social_workers(communities) == required


def test_negative_community_count_is_refused():
    with pytest.raises(ValueError, match="community_count"):
        rules.required_social_workers(-1)


def test_street_with_12_communities_needs_4_social_workers():
    findings = rules.check_station_staffing(12, "self", holders("head", *["social_worker"] * 2))
    assert findings == [
        rules.Finding("S1", "§4(3)", "violation", "社区数 12，需专职持证社工 4 人，现有 3 人")
    ]


@pytest.mark.parametrize(
    ("communities", "posts"),
    [
        (9, ["head", "social_worker", "social_worker"]),  # 3 = head + 2
        (10, ["head", "social_worker", "social_worker", "social_worker"]),  # 4 = head + 3
        (20, ["head", "deputy", "social_worker", "social_worker", "social_worker"]),  # 5
    ],
)
def test_self_operated_station_with_the_documented_structure_has_no_findings(communities, posts):
    assert rules.check_station_staffing(communities, "self", holders(*posts)) == []


def test_deputy_where_4_are_required_and_4_counted_is_s2_advice_naming_the_deputy():
    posts = [
        *holders("head", "social_worker", "social_worker"),
        rules.PostHolder("deputy", certified=True, full_time=True, name="王芳"),
    ]
    findings = rules.check_station_staffing(12, "self", posts)
    assert findings == [
        rules.Finding(
            "S2",
            "§4(3)",
            "advice",
            "配备 5 人的可设副站长；本站应配备 4 人、现有专职持证社工 4 人，设副站长 1 名（王芳）",
        )
    ]


def test_deputy_where_5_are_required_is_no_finding():
    posts = holders("head", "deputy", "social_worker", "social_worker", "social_worker")
    assert rules.check_station_staffing(20, "self", posts) == []


def test_deputy_where_4_are_required_but_5_are_counted_is_no_s2_finding():
    posts = holders("head", "deputy", "social_worker", "social_worker", "social_worker")
    findings = rules.check_station_staffing(12, "self", posts)
    assert summary(findings) == [("S1", "info")]  # 5 counted: 可设副站长, nothing about S2


def test_more_social_workers_than_required_is_reported_as_info():
    posts = holders("head", "social_worker", "social_worker", "social_worker")
    findings = rules.check_station_staffing(5, "self", posts)
    assert summary(findings) == [("S1", "info")]
    assert findings[0].message == "社区数 5，需专职持证社工 3 人，现有 4 人，多于配备标准"


def test_two_heads_at_a_self_operated_station_break_s2_naming_both():
    posts = [
        rules.PostHolder("head", True, True, name="张三"),
        rules.PostHolder("head", True, True, name="李四"),
        *holders(*["social_worker"] * 2),
    ]
    findings = rules.check_station_staffing(12, "self", posts)
    assert summary(findings) == [("S2", "violation")]
    assert findings[0].message == "站长限设 1 名，现有 2 名（张三、李四）"


def test_two_deputies_at_a_self_operated_station_break_s2_even_where_5_are_needed():
    posts = holders("head", "deputy", "deputy", "social_worker", "social_worker")
    findings = rules.check_station_staffing(25, "self", posts)
    assert summary(findings) == [("S2", "violation")]
    assert findings[0].message == "副站长限设 1 名，现有 2 名"


@pytest.mark.parametrize(
    ("communities", "posts", "workers"),
    [(9, ["head", "social_worker"], 1), (25, ["head", *["social_worker"] * 4], 4)],
)
def test_social_workers_besides_head_and_deputy_outside_2_to_3_is_advice(
    communities, posts, workers
):
    """POLICY: outside 2–3 is advice, since S1 already enforces the total."""
    findings = rules.check_station_staffing(communities, "self", holders(*posts))
    assert ("S2", "advice") in summary(findings)
    assert findings[-1].message == (
        f"站长、副站长之外应有专职持证社工 2 至 3 人，现有 {workers} 人"
    )
    assert ("S2", "violation") not in summary(findings)


def test_self_operated_station_without_head_gets_advice():
    findings = rules.check_station_staffing(5, "self", holders(*["social_worker"] * 3))
    assert summary(findings) == [("S2", "advice")]
    assert findings[0].message == "自主运营的社会工作站可设站长 1 名，现未设站长"


def test_uncertified_or_part_time_post_holders_are_not_counted():
    posts = [
        *holders("head", "social_worker"),
        rules.PostHolder("social_worker", certified=False, full_time=True),
        rules.PostHolder("social_worker", certified=True, full_time=False),
    ]
    findings = rules.check_station_staffing(5, "self", posts)
    assert summary(findings) == [("S1", "violation"), ("S2", "advice")]
    assert "现有 2 人" in findings[0].message


@pytest.mark.parametrize(
    ("mode", "counted"),
    [("self", 3), ("mixed", 2)],  # S3: the mixed-mode head never counts
)
def test_counted_social_workers_are_certified_full_time_heads_deputies_and_workers(mode, counted):
    posts = [
        *holders("head", "social_worker", "social_worker", "operating_supervisor"),
        rules.PostHolder("social_worker", certified=False, full_time=True),
        rules.PostHolder("deputy", certified=True, full_time=False),
    ]
    assert rules.counted_social_workers(mode, posts) == counted


def test_operating_supervisor_never_counts_toward_s1():
    posts = holders("head", "social_worker", "social_worker", "operating_supervisor")
    assert rules.check_station_staffing(5, "self", posts) == []


def test_post_holder_defaults_keep_old_callers_working():
    holder = rules.PostHolder("head", True, True)
    assert (holder.name, holder.office_director, holder.contractor_lead) == ("", False, False)


@pytest.mark.parametrize(
    ("communities", "posts"),
    [
        (5, ["social_worker"] * 3),
        (12, ["deputy", *["social_worker"] * 3]),  # a deputy at 4 is allowed in mixed mode
        (20, ["deputy", *["social_worker"] * 4]),
    ],
)
def test_mixed_station_with_director_head_and_lead_supervisor_has_no_findings(communities, posts):
    staff = [concurrent_head(), *holders(*posts), supervisor()]
    assert rules.check_station_staffing(communities, "mixed", staff) == []


def test_mixed_head_is_not_counted_even_when_certified_and_full_time():
    head = rules.PostHolder("head", True, True, name="陈明", office_director=True)
    staff = [head, *holders("social_worker", "social_worker"), supervisor()]
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert summary(findings) == [("S1", "violation"), ("S3", "advice")]
    assert "现有 2 人" in findings[0].message
    assert findings[1].message == (
        "混合运营的站长由街道公共服务办公室主任兼任，站长陈明不应登记为专职，也不计入专职持证社工"
    )


def test_mixed_station_without_head_breaks_s3():
    staff = [*holders(*["social_worker"] * 3), supervisor()]
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert summary(findings) == [("S3", "violation")]
    assert findings[0].message == (
        "混合运营的社会工作站，站长由街道公共服务办公室主任兼任，现未配备站长"
    )


def test_mixed_head_not_recorded_as_office_director_breaks_s3_naming_the_head():
    head = rules.PostHolder("head", certified=False, full_time=False, name="陈明")
    staff = [head, *holders(*["social_worker"] * 3), supervisor()]
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert findings == [
        rules.Finding(
            "S3",
            "§4(3)",
            "violation",
            "混合运营的社会工作站，站长由街道公共服务办公室主任兼任；"
            "站长陈明未登记为街道公共服务办公室主任",
        )
    ]


def test_operating_supervisor_not_recorded_as_contractor_lead_breaks_s3_naming_them():
    staff = [
        concurrent_head(),
        *holders(*["social_worker"] * 3),
        supervisor("刘洋", contractor_lead=False),
    ]
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert findings == [
        rules.Finding(
            "S3",
            "§4(3)",
            "violation",
            "混合运营的运营督导由承接机构负责人或项目主管担任；"
            "运营督导刘洋未登记为承接机构负责人或项目主管",
        )
    ]


def test_office_director_and_contractor_lead_flags_mean_nothing_at_a_self_operated_station():
    posts = holders("head", "social_worker", "social_worker", "operating_supervisor")
    assert rules.check_station_staffing(5, "self", posts) == []


def test_mixed_station_with_two_heads_or_two_deputies_breaks_s3():
    staff = [concurrent_head("甲"), concurrent_head("乙"), *holders("deputy", "deputy")]
    staff += [*holders("social_worker"), supervisor()]
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert summary(findings) == [("S3", "violation"), ("S3", "violation")]
    assert [f.message for f in findings] == [
        "站长限设 1 名，现有 2 名（甲、乙）",
        "副站长限设 1 名，现有 2 名",
    ]


def test_mixed_station_without_operating_supervisor_breaks_s3():
    findings = rules.check_station_staffing(
        5, "mixed", [concurrent_head(), *holders(*["social_worker"] * 3)]
    )
    assert summary(findings) == [("S3", "violation")]
    assert findings[0].message == "混合运营应由承接机构负责人或项目主管担任运营督导，现未配备"


def test_workroom_post_is_not_a_station_post():
    with pytest.raises(ValueError, match="not a station post"):
        rules.check_station_staffing(5, "self", holders("workroom_social_worker"))


def test_unknown_post_is_refused():
    with pytest.raises(ValueError, match="unknown post"):
        rules.PostHolder("director", certified=True, full_time=True)


def test_posts_may_be_any_iterable():
    posts = (holder for holder in holders("head", "social_worker", "social_worker"))
    assert rules.check_station_staffing(5, "self", posts) == []


def leader(post, talent=False, supervisor=False, name="") -> rules.LeaderSource:
    return rules.LeaderSource(
        post, municipal_talent=talent, municipal_supervisor=supervisor, name=name
    )


@pytest.mark.parametrize(
    ("mode", "source", "advised"),
    [
        ("self", leader("head"), True),
        ("self", leader("deputy"), True),
        ("mixed", leader("deputy"), True),
        ("mixed", leader("head"), False),  # fixed by office (S3): never advised
        ("self", leader("head", talent=True), False),
        ("self", leader("deputy", supervisor=True), False),
        ("mixed", leader("deputy", talent=True), False),
        ("self", leader("social_worker"), False),
        ("self", leader("operating_supervisor"), False),
    ],
)
def test_s5_advises_self_operated_heads_and_all_deputies_outside_municipal_pools(
    mode, source, advised
):
    assert bool(rules.check_leader_sources(mode, [source])) is advised


def test_s5_advice_names_the_leader():
    [finding] = rules.check_leader_sources("mixed", [leader("deputy", name="王芳")])
    assert (finding.rule, finding.severity) == ("S5", "advice")
    assert finding.message == (
        "副站长王芳原则上应从市级及以上领军人才或市级及以上（助理）督导中选配，现均未持有"
    )


def test_s5_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="unknown mode"):
        rules.check_leader_sources("outsourced", [])


def test_leader_with_unknown_post_is_refused():
    with pytest.raises(ValueError):
        rules.LeaderSource("chair", True, True)


def worker(certified=True, full_time=True, years=3, degree=False) -> rules.WorkroomWorker:
    return rules.WorkroomWorker(
        certified=certified,
        full_time=full_time,
        community_work_years=years,
        social_work_degree=degree,
    )


@pytest.mark.parametrize(
    ("workers", "expected"),
    [
        ([], [("W1", "violation")]),
        ([worker(full_time=False)], [("W1", "violation")]),
        ([worker(certified=False)], [("W1", "violation")]),  # neither certified nor degree
        ([worker(certified=False, degree=True)], [("W2", "advice")]),  # qualified, not seasoned
        ([worker(certified=False, degree=True, years=9)], [("W2", "advice")]),
        ([worker(years=2)], [("W2", "advice")]),
        ([worker(years=3)], []),
        ([worker(years=0), worker(full_time=False, years=9), worker(years=12)], []),
        ([worker(years=1), worker(full_time=False, years=9)], [("W2", "advice")]),
        ([worker(certified=False), worker(full_time=False, years=9)], [("W1", "violation")]),
    ],
)
def test_workroom_needs_a_qualified_full_time_social_worker_preferably_certified_with_3_years(
    workers, expected
):
    assert summary(rules.check_workroom_staffing(workers)) == expected


def test_workroom_without_full_time_worker_message():
    [finding] = rules.check_workroom_staffing([worker(full_time=False)])
    assert finding.message == (
        "社区公共服务站“社会工作”岗位未配备专职社工，应配备不少于 1 名符合专业资质的社工专职工作"
    )


def test_workroom_with_only_unqualified_full_time_workers_names_the_count():
    [finding] = rules.check_workroom_staffing([worker(certified=False)] * 2)
    assert finding.message == (
        "社区公共服务站“社会工作”岗位现有专职社工 2 名，均不符合专业资质"
        "（未持证，也无社会工作专业大专及以上学历），应配备不少于 1 名"
    )


def test_w2_says_the_current_staff_all_lack_it_and_to_prefer_one_who_has_it():
    [finding] = rules.check_workroom_staffing(
        [worker(years=2), worker(certified=False, degree=True, years=5)]
    )
    assert finding.message == (
        "社区公共服务站“社会工作”岗位现有专职社工 2 名，均不同时具备“持证且三年以上社区工作经验”，"
        "宜优先从已持证且有三年以上社区工作经验的社工中调配"
    )


@pytest.mark.parametrize(
    ("certified", "degree", "qualified"),
    [(True, False, True), (False, True, True), (True, True, True), (False, False, False)],
)
def test_qualified_means_certified_or_a_social_work_degree(certified, degree, qualified):
    assert worker(certified=certified, degree=degree).qualified is qualified


def test_workroom_worker_defaults_to_no_degree():
    assert rules.WorkroomWorker(True, True, 3).social_work_degree is False


def test_negative_community_work_years_are_refused():
    with pytest.raises(ValueError):
        worker(years=-1)


def test_workroom_post_label():
    assert rules.Post.WORKROOM_SOCIAL_WORKER.label == "社区“社会工作”岗专职社工"
