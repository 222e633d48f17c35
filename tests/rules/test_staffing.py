"""S1–S3, S5, W1–W2 (§4(3)): who staffs a station and a workroom."""

import pytest

from shangcheng import rules


def holders(*posts: str, certified: bool = True, full_time: bool = True) -> list[rules.PostHolder]:
    return [rules.PostHolder(post, certified, full_time) for post in posts]


def concurrent_head() -> rules.PostHolder:
    """S3: the street's public service office director, holding the post concurrently."""
    return rules.PostHolder("head", certified=False, full_time=False)


def summary(findings: list[rules.Finding]) -> list[tuple[str, str]]:
    return [(finding.rule, finding.severity) for finding in findings]


@pytest.mark.parametrize(
    ("communities", "required"),
    [(0, 3), (9, 3), (10, 4), (12, 4), (19, 4), (20, 5), (35, 5)],
)
def test_required_social_workers_steps_at_10_and_20_communities(communities, required):
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


def test_self_operated_station_with_a_deputy_at_4_social_workers_breaks_s2():
    posts = holders("head", "deputy", "social_worker", "social_worker")
    findings = rules.check_station_staffing(12, "self", posts)
    assert summary(findings) == [("S2", "violation")]
    assert findings[0].message == "配备 5 人的可设副站长；本站应配备 4 人，现有副站长 1 名"


def test_more_social_workers_than_required_is_reported_as_info():
    posts = holders("head", "social_worker", "social_worker", "social_worker")
    findings = rules.check_station_staffing(5, "self", posts)
    assert summary(findings) == [("S1", "info")]
    assert findings[0].message == "社区数 5，需专职持证社工 3 人，现有 4 人，多于配备标准"


def test_two_heads_at_a_self_operated_station_break_s2():
    findings = rules.check_station_staffing(
        12, "self", holders("head", "head", *["social_worker"] * 2)
    )
    assert summary(findings) == [("S2", "violation")]
    assert findings[0].message == "站长只设 1 名，现有 2 名"


def test_two_deputies_at_a_self_operated_station_break_s2_even_where_5_are_needed():
    posts = holders("head", "deputy", "deputy", "social_worker", "social_worker")
    findings = rules.check_station_staffing(25, "self", posts)
    assert summary(findings) == [("S2", "violation")]
    assert findings[0].message == "副站长只设 1 名，现有 2 名"


@pytest.mark.parametrize(
    ("communities", "posts", "workers"),
    [(9, ["head", "social_worker"], 1), (25, ["head", *["social_worker"] * 4], 4)],
)
def test_social_workers_besides_head_and_deputy_outside_2_to_3_is_advice(
    communities, posts, workers
):
    findings = rules.check_station_staffing(communities, "self", holders(*posts))
    assert ("S2", "advice") in summary(findings)
    assert f"现有 {workers} 人" in findings[-1].message


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


@pytest.mark.parametrize(
    ("communities", "posts"),
    [
        (5, ["social_worker"] * 3),
        (12, ["deputy", *["social_worker"] * 3]),  # a deputy at 4 is allowed in mixed mode
        (20, ["deputy", *["social_worker"] * 4]),
    ],
)
def test_mixed_station_with_concurrent_head_and_supervisor_has_no_findings(communities, posts):
    staff = [concurrent_head(), *holders(*posts, "operating_supervisor")]
    assert rules.check_station_staffing(communities, "mixed", staff) == []


def test_mixed_head_is_not_counted_even_when_certified_and_full_time():
    staff = holders("head", "social_worker", "social_worker", "operating_supervisor")
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert summary(findings) == [("S1", "violation"), ("S3", "advice")]
    assert "现有 2 人" in findings[0].message
    assert "兼任" in findings[1].message


def test_mixed_station_without_head_breaks_s3():
    staff = holders(*["social_worker"] * 3, "operating_supervisor")
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert summary(findings) == [("S3", "violation")]
    assert "街道公共服务办公室主任兼任" in findings[0].message


def test_mixed_station_with_two_heads_or_two_deputies_breaks_s3():
    staff = [concurrent_head(), concurrent_head(), *holders("deputy", "deputy")]
    staff += holders("social_worker", "operating_supervisor")
    findings = rules.check_station_staffing(5, "mixed", staff)
    assert summary(findings) == [("S3", "violation"), ("S3", "violation")]
    assert [f.message for f in findings] == [
        "站长只设 1 名，现有 2 名",
        "副站长只设 1 名，现有 2 名",
    ]


def test_mixed_station_without_operating_supervisor_breaks_s3():
    findings = rules.check_station_staffing(
        5, "mixed", [concurrent_head(), *holders(*["social_worker"] * 3)]
    )
    assert summary(findings) == [("S3", "violation")]
    assert "运营督导" in findings[0].message


def test_workroom_post_is_not_a_station_post():
    with pytest.raises(ValueError, match="not a station post"):
        rules.check_station_staffing(5, "self", holders("workroom_social_worker"))


def test_unknown_post_is_refused():
    with pytest.raises(ValueError, match="unknown post"):
        rules.PostHolder("director", certified=True, full_time=True)


def test_posts_may_be_any_iterable():
    posts = (holder for holder in holders("head", "social_worker", "social_worker"))
    assert rules.check_station_staffing(5, "self", posts) == []


@pytest.mark.parametrize(
    ("leader", "advised"),
    [
        (rules.LeaderSource("head", municipal_talent=False, municipal_supervisor=False), True),
        (rules.LeaderSource("deputy", municipal_talent=False, municipal_supervisor=False), True),
        (rules.LeaderSource("head", municipal_talent=True, municipal_supervisor=False), False),
        (rules.LeaderSource("deputy", municipal_talent=False, municipal_supervisor=True), False),
        (
            rules.LeaderSource("social_worker", municipal_talent=False, municipal_supervisor=False),
            False,
        ),
    ],
)
def test_head_and_deputy_from_outside_municipal_pools_get_s5_advice(leader, advised):
    assert bool(rules.check_leader_sources([leader])) is advised


def test_s5_advice_names_the_leader():
    leader = rules.LeaderSource("deputy", False, False, name="王芳")
    [finding] = rules.check_leader_sources([leader])
    assert (finding.rule, finding.severity) == ("S5", "advice")
    assert finding.message.startswith("副站长王芳原则上应从市级及以上领军人才")


def test_leader_with_unknown_post_is_refused():
    with pytest.raises(ValueError):
        rules.LeaderSource("chair", True, True)


def worker(certified=True, full_time=True, years=3) -> rules.WorkroomWorker:
    return rules.WorkroomWorker(
        certified=certified, full_time=full_time, community_work_years=years
    )


@pytest.mark.parametrize(
    ("workers", "expected"),
    [
        ([], [("W1", "violation")]),
        ([worker(full_time=False)], [("W1", "violation")]),
        ([worker(certified=False)], [("W2", "advice")]),
        ([worker(years=2)], [("W2", "advice")]),
        ([worker(years=3)], []),
        ([worker(years=0), worker(full_time=False, years=9), worker(years=12)], []),
        ([worker(years=1), worker(full_time=False, years=9)], [("W2", "advice")]),
    ],
)
def test_workroom_needs_a_full_time_social_worker_preferably_certified_with_3_years(
    workers, expected
):
    assert summary(rules.check_workroom_staffing(workers)) == expected


def test_negative_community_work_years_are_refused():
    with pytest.raises(ValueError):
        worker(years=-1)
