"""Recognition levels: T1 counts municipal and up, T3 district and up (§2)."""

import pytest

from shangcheng import rules


def test_recognition_levels_order_district_municipal_provincial_national():
    levels = list(rules.RecognitionLevel)
    assert [level.label for level in levels] == ["区级", "市级", "省级", "国家级"]
    assert [level.rank for level in levels] == [0, 1, 2, 3]
    # Alphabetical order would put "district" above "municipal": at_least never does.
    assert not rules.RecognitionLevel.DISTRICT.at_least("municipal")
    assert rules.RecognitionLevel.NATIONAL.at_least("provincial")
    assert rules.RecognitionLevel.MUNICIPAL.at_least("municipal")


@pytest.mark.parametrize(
    ("level", "t1", "t3"),
    [
        ("district", False, True),  # a district-level site counts for T3, not for T1
        ("municipal", True, True),
        ("provincial", True, True),
        ("national", True, True),
    ],
)
def test_t1_counts_municipal_or_above_and_t3_district_or_above(level, t1, t3):
    assert rules.counts_for_t1(level) is t1
    assert rules.counts_for_t3(level) is t3


def test_levels_at_or_above_a_minimum_for_a_query():
    assert rules.RecognitionLevel.at_or_above(rules.T1_MIN_LEVEL) == (
        "municipal",
        "provincial",
        "national",
    )
    assert len(rules.RecognitionLevel.at_or_above(rules.T3_MIN_LEVEL)) == 4


def test_unknown_recognition_level_is_refused():
    with pytest.raises(ValueError, match="recognition level"):
        rules.counts_for_t1("street")
    with pytest.raises(ValueError, match="recognition level"):
        rules.RecognitionLevel.NATIONAL.at_least("county")
