"""Findings as of a past day read premises and lists as they stood then (E0 and --on)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from shangcheng import rules
from shangcheng.compliance import findings_for_units
from stations.models import ListItem

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _dated(history, day):
    """Move a history row to ``day`` (noon, Shanghai): the record changed that day."""
    history.history_date = datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI)
    history.save()


def _misnamed(findings):
    return any(f.rule == "F5" and "名称应统一为" in f.message for f in findings)


@pytest.fixture
def renamed_station(station):
    """Misnamed on 2023-01-10 (F5), renamed as the document says on 2024-06-01."""
    station.name = "清波社工站"
    station.save()
    first, wrong = station.history.order_by("history_id")
    _dated(first, date(2023, 1, 5))
    _dated(wrong, date(2023, 1, 10))
    station.name = rules.expected_station_name(station.street.name)
    station.save()
    _dated(station.history.order_by("history_id").last(), date(2024, 6, 1))
    return station


def test_a_past_day_is_judged_on_the_profile_of_that_day(renamed_station):
    then = findings_for_units([renamed_station], date(2023, 6, 30))[renamed_station.pk]
    later = findings_for_units([renamed_station], date(2024, 6, 1))[renamed_station.pk]
    assert _misnamed(then)
    assert "清波社工站" in next(f.message for f in then if f.rule == "F5")
    assert not _misnamed(later)


def test_lists_are_counted_as_they_stood_that_day(station):
    _dated(station.history.get(), date(2024, 1, 1))  # on record since 2024-01-01
    item = ListItem.objects.create(unit=station, list="needs", title="助餐")
    _dated(item.history.get(), date(2024, 3, 1))
    before = findings_for_units([station], date(2024, 2, 29))[station.pk]
    after = findings_for_units([station], date(2024, 3, 1))[station.pk]
    assert any("需求清单" in f.message or "needs" in f.message for f in before if f.rule == "L1")
    assert len([f for f in after if f.rule == "L1"]) < len([f for f in before if f.rule == "L1"])


def test_a_day_before_the_document_was_in_force_is_refused(station):
    with pytest.raises(ValueError, match="2022-09-01"):
        findings_for_units([station], date(2022, 8, 31))


def test_the_command_refuses_a_day_before_2022_09_01_with_a_message(station):
    with pytest.raises(CommandError, match=r"--on: 2022-08-31 早于政策施行日期"):
        call_command("compliance", "--all", "--on", "2022-08-31")


def test_the_command_accepts_the_first_day_in_force(station, capsys):
    call_command("compliance", "--all", "--on", "2022-09-01", "--json")
    assert '"rule": "F1"' in capsys.readouterr().out


def test_a_unit_entered_after_the_day_is_judged_on_its_records_as_entered(station):
    """Nothing older to read (first data entry, a demo seeded today): today's records."""
    ListItem.objects.create(unit=station, list="needs", title="助餐")
    then = findings_for_units([station], date(2024, 6, 30))[station.pk]
    assert not [f for f in then if f.rule == "L1" and "需求" in f.message]
