"""S4 (§4(3)) 专人专职: one post at a time, every post full-time but the mixed-mode head."""

from datetime import date

import pytest

from shangcheng import rules

ON = date(2025, 6, 30)


def stint(
    start, end=None, unit="清波街道社会工作站", post="social_worker", full_time=True, mode="self"
):
    return rules.PostStint(
        unit=unit, post=post, full_time=full_time, start=start, end=end, mode=mode
    )


def mixed_head(start, end=None, unit="湖滨街道社会工作站"):
    return stint(start, end, unit=unit, post="head", full_time=False, mode="mixed")


MARCH = stint(date(2024, 3, 1), date(2024, 4, 1))


@pytest.mark.parametrize(
    ("new", "conflict"),
    [
        (stint(date(2024, 4, 1)), False),  # starts the day the other ended
        (stint(date(2024, 2, 1), date(2024, 3, 1)), False),  # ends the day the other starts
        (stint(date(2024, 3, 31)), True),  # one shared day
        (stint(date(2024, 2, 1), date(2024, 3, 2)), True),
        (stint(date(2024, 3, 10), date(2024, 3, 20)), True),  # inside
        (stint(date(2024, 1, 1)), True),  # open-ended, around
        (stint(date(2024, 3, 1), date(2024, 3, 1)), False),  # an empty stint
        (stint(date(2024, 3, 10), date(2024, 3, 10)), False),  # an empty stint inside
    ],
)
def test_stints_overlap_only_when_they_share_a_day(new, conflict):
    assert (rules.dedicated_post_conflicts([MARCH], new) == [MARCH]) is conflict
    assert bool(rules.dedicated_post_conflicts([new], MARCH)) is conflict


def test_open_stints_overlap_from_the_later_start():
    still_in_post = stint(date(2022, 1, 1))
    assert rules.dedicated_post_conflicts([still_in_post], stint(date(2030, 1, 1))) == [
        still_in_post
    ]


@pytest.mark.parametrize(
    ("end", "conflict"),
    [
        (date(2022, 9, 1), False),  # overlap 2022-03-01..2022-08-31: wholly before E0
        (date(2022, 9, 2), True),  # the overlap touches 2022-09-01
    ],
)
def test_assignment_conflict_counts_only_from_2022_09_01(end, conflict):
    earlier = stint(date(2020, 1, 1), end)
    new = stint(date(2022, 3, 1), unit="湖滨街道社会工作站")
    assert bool(rules.dedicated_post_conflicts([earlier], new)) is conflict


def test_mixed_mode_head_is_a_post_too_and_conflicts_with_another_held_on_the_same_day():
    """POLICY S4: nobody holds two posts on the same day; a full-time post is held by
    nobody who holds another."""
    head = mixed_head(date(2024, 1, 1))
    assert rules.dedicated_post_conflicts([MARCH], head) == [MARCH]
    assert rules.dedicated_post_conflicts([head], stint(date(2024, 1, 1))) == [head]


@pytest.mark.parametrize(
    ("post", "mode", "allowed"),
    [
        ("head", "mixed", True),
        ("head", "self", False),
        ("deputy", "mixed", False),
        ("social_worker", "mixed", False),
        ("operating_supervisor", "mixed", False),
        ("workroom_social_worker", None, False),
        ("workroom_social_worker", "", False),
    ],
)
def test_only_the_mixed_mode_head_may_be_concurrent(post, mode, allowed):
    assert rules.may_be_concurrent(post, mode) is allowed
    assert stint(date(2024, 1, 1), post=post, mode=mode, full_time=False).concurrent_allowed is (
        allowed
    )
    assert stint(date(2024, 1, 1), post=post, mode=mode).concurrent_allowed is True


def test_may_be_concurrent_refuses_unknown_values():
    with pytest.raises(ValueError, match="unknown post"):
        rules.may_be_concurrent("clerk", "mixed")
    with pytest.raises(ValueError, match="unknown mode"):
        rules.may_be_concurrent("head", "outsourced")


def test_self_operated_head_recorded_as_concurrent_breaks_s4_naming_the_person():
    head = stint(date(2023, 1, 1), post="head", full_time=False)
    assert rules.check_dedicated_posts([head], ON, name="周强") == [
        rules.Finding(
            "S4",
            "§4(3)",
            "violation",
            "专人专职：周强在清波街道社会工作站任站长（2023-01-01 起）登记为兼任；"
            "只有混合运营社会工作站的站长可以兼任，其他岗位均须专职",
        )
    ]


@pytest.mark.parametrize(
    ("unit", "post", "mode"),
    [
        ("清波街道社会工作站", "social_worker", "mixed"),
        ("清波街道社会工作站", "deputy", "self"),
        ("清波街道定安社区社会工作室", "workroom_social_worker", ""),
    ],
)
def test_any_other_concurrent_post_breaks_s4(unit, post, mode):
    concurrent = stint(date(2023, 1, 1), unit=unit, post=post, full_time=False, mode=mode)
    [finding] = rules.check_dedicated_posts([concurrent], ON, name="周强")
    assert (finding.rule, finding.severity) == ("S4", "violation")
    assert finding.message.startswith(f"专人专职：周强在{unit}任{rules.Post(post).label}")


def test_mixed_mode_head_recorded_as_concurrent_is_fine():
    assert rules.check_dedicated_posts([mixed_head(date(2023, 1, 1))], ON, name="陈明") == []


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        (date(2020, 1, 1), date(2022, 9, 1), False),  # left the day E0 began: wholly before
        (date(2020, 1, 1), date(2022, 9, 2), True),  # in post on 2022-09-01
        (ON, None, True),  # starts on the date asked about
        (date(2025, 7, 1), None, False),  # only after the date asked about
        (date(2023, 1, 1), date(2023, 1, 1), False),  # an empty stint
    ],
)
def test_concurrent_post_counts_only_between_2022_09_01_and_the_date(start, end, found):
    concurrent = stint(start, end, full_time=False)
    assert bool(rules.check_dedicated_posts([concurrent], ON, name="周强")) is found


def test_check_names_the_person_and_both_posts_of_each_overlapping_pair_once():
    stints = [
        stint(date(2023, 1, 1), date(2024, 1, 1), unit="清波街道社会工作站"),
        stint(date(2023, 6, 1), unit="湖滨街道社会工作站", post="deputy"),
        mixed_head(date(2024, 1, 1), date(2024, 2, 1), unit="小营街道社会工作站"),
        stint(date(2020, 1, 1), date(2021, 1, 1), unit="望江街道社会工作站"),
    ]
    findings = rules.check_dedicated_posts(stints, ON, name="王芳")
    assert [f.message for f in findings] == [
        "专人专职：王芳在清波街道社会工作站任专职社工（2023-01-01 起），"
        "同时在湖滨街道社会工作站任副站长（2023-06-01 起），任职时间重叠",
        "专人专职：王芳在湖滨街道社会工作站任副站长（2023-06-01 起），"
        "同时在小营街道社会工作站任站长（2024-01-01 起），任职时间重叠",
    ]
    assert {(f.rule, f.clause, f.severity) for f in findings} == {("S4", "§4(3)", "violation")}


@pytest.mark.parametrize(
    ("first", "second", "found"),
    [
        # wholly before 2022-09-01: the overlap ends (exclusive) on 2022-09-01
        (stint(date(2020, 1, 1), date(2022, 9, 1)), stint(date(2021, 1, 1)), False),
        # touches 2022-09-01 itself
        (stint(date(2020, 1, 1), date(2022, 9, 2)), stint(date(2021, 1, 1)), True),
        # touches the date asked about itself
        (stint(date(2023, 1, 1)), stint(ON), True),
        # only after the date asked about
        (stint(date(2023, 1, 1)), stint(date(2025, 7, 1)), False),
        # both still in post, the later one starting before E0
        (stint(date(2020, 1, 1)), stint(date(2021, 1, 1)), True),
    ],
)
def test_overlap_counts_only_when_it_touches_2022_09_01_to_the_date(first, second, found):
    second = rules.PostStint(
        "湖滨街道社会工作站", second.post, second.full_time, second.start, second.end, "self"
    )
    assert bool(rules.check_dedicated_posts([first, second], ON, name="王芳")) is found


def test_check_refuses_a_date_before_the_policy_is_in_force():
    with pytest.raises(ValueError, match="2022-09-01"):
        rules.check_dedicated_posts([], date(2022, 8, 31), name="王芳")


def test_three_overlapping_stints_make_three_pairs():
    stints = [stint(date(2024, 1, 1)), stint(date(2024, 2, 1)), stint(date(2024, 3, 1))]
    assert len(rules.check_dedicated_posts(stints, ON, name="王芳")) == 3


def test_stints_may_be_any_iterable():
    stints = (s for s in [stint(date(2024, 1, 1)), stint(date(2024, 2, 1))])
    assert len(rules.check_dedicated_posts(stints, ON, name="王芳")) == 1


def test_stint_mode_defaults_to_none_for_old_positional_callers():
    old = rules.PostStint("清波街道社会工作站", "head", False, date(2024, 1, 1))
    assert old.mode is None
    assert old.concurrent_allowed is False


def test_stint_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        stint(date(2024, 2, 1), date(2024, 1, 31))


def test_stint_with_unknown_post_or_mode_is_refused():
    with pytest.raises(ValueError, match="unknown post"):
        stint(date(2024, 2, 1), post="clerk")
    with pytest.raises(ValueError, match="unknown mode"):
        stint(date(2024, 2, 1), mode="outsourced")
