"""S4 (§4(3)) 专人专职: no two full-time posts on the same day."""

from datetime import date

import pytest

from shangcheng import rules


def stint(start, end=None, unit="清波街道社会工作站", post="social_worker", full_time=True):
    return rules.PostStint(unit=unit, post=post, full_time=full_time, start=start, end=end)


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
    ],
)
def test_full_time_stints_overlap_only_when_they_share_a_day(new, conflict):
    assert (rules.dedicated_post_conflicts([MARCH], new) == [MARCH]) is conflict
    assert bool(rules.dedicated_post_conflicts([new], MARCH)) is conflict


def test_open_stints_overlap_from_the_later_start():
    still_in_post = stint(date(2022, 1, 1))
    assert rules.dedicated_post_conflicts([still_in_post], stint(date(2030, 1, 1))) == [
        still_in_post
    ]


def test_mixed_mode_head_held_concurrently_never_conflicts():
    head = stint(date(2024, 1, 1), post="head", full_time=False)
    assert rules.dedicated_post_conflicts([MARCH], head) == []
    assert rules.dedicated_post_conflicts([head], stint(date(2024, 1, 1))) == []


def test_check_reports_each_overlapping_pair_once_naming_both_posts():
    stints = [
        stint(date(2023, 1, 1), date(2024, 1, 1), unit="清波街道社会工作站"),
        stint(date(2023, 6, 1), unit="湖滨街道社会工作站", post="deputy"),
        stint(date(2024, 1, 1), date(2024, 2, 1), unit="小营街道社会工作站", full_time=False),
        stint(date(2020, 1, 1), date(2021, 1, 1), unit="望江街道社会工作站"),
    ]
    [finding] = rules.check_dedicated_posts(stints)
    assert (finding.rule, finding.severity) == ("S4", "violation")
    assert finding.message == (
        "专人专职：清波街道社会工作站专职社工（2023-01-01 起）与 "
        "湖滨街道社会工作站副站长（2023-06-01 起）任职时间重叠"
    )


def test_three_overlapping_stints_make_three_pairs():
    stints = [stint(date(2024, 1, 1)), stint(date(2024, 2, 1)), stint(date(2024, 3, 1))]
    assert len(rules.check_dedicated_posts(stints)) == 3


def test_stint_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        stint(date(2024, 2, 1), date(2024, 1, 31))


def test_stint_with_unknown_post_is_refused():
    with pytest.raises(ValueError):
        stint(date(2024, 2, 1), post="clerk")
