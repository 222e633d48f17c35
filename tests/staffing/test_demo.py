"""The staff demo: every staffing finding occurs somewhere, both tenure benefits, history,
valid personal data, and a second run creates nothing.

seed_demo is slow (thousands of people), so it runs once for the whole module; the module's
outer transaction is rolled back at the end, and each test runs in its own savepoint.
"""

import re
from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import AuditEvent
from shangcheng import rules
from shangcheng.compliance import findings_for_units
from staffing.compliance import tenure_rows
from staffing.models import (
    STUDY_VISIT,
    Attendance,
    Certificate,
    Person,
    Post,
    Qualification,
    StaffAppraisal,
    TrainingEvent,
)
from staffing.validators import validate_id_number
from stations.models import Unit

ON = date(2026, 11, 29)  # the day the demo is seeded as of, and the findings' day


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO=True):
            call_command("seed_demo", "--as-of", ON.isoformat(), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _all_findings() -> dict:
    """Every unit's findings by (rule, severity), in one call."""
    units = Unit.objects.select_related("street", "community")
    found = defaultdict(list)
    for findings in findings_for_units(units, ON).values():
        for f in findings:
            found[(f.rule, str(f.severity))].append(f)
    return found


def _snapshot():
    return {
        "people": Person.objects.count(),
        "posts": Post.objects.count(),
        "certificates": Certificate.objects.count(),
        "appraisals": StaffAppraisal.objects.count(),
        "qualifications": Qualification.objects.count(),
        "trainings": TrainingEvent.objects.count(),
        "attendances": Attendance.objects.count(),
        "refusals": AuditEvent.objects.filter(event="post_assign", result="failure").count(),
        "history": Person.history.count() + Post.history.count(),
    }


@pytest.mark.django_db
def test_every_staffing_finding_occurs_somewhere_in_the_demo(demo):
    found = _all_findings()
    expected = [
        ("S1", "violation"),  # understaffed
        ("S1", "info"),  # overstaffed
        ("S2", "violation"),  # a second deputy (副站长限设 1 名)
        ("S2", "advice"),  # a deputy where fewer than 5 are asked for; workers outside 2–3
        ("S3", "violation"),  # mixed station without operating supervisor
        ("S5", "advice"),  # leader without a municipal title
        ("W1", "violation"),  # workroom without a full-time social worker
        ("W2", "advice"),  # no certified worker with 3 years of community work
        ("S4", "violation"),  # community workers covering the post part-time (兼任)
    ]
    assert [key for key in expected if not found[key]] == []
    # A refused dual post is refused, not recorded: the S4 findings are concurrent posts only.
    assert all("登记为兼任" in f.message for f in found[("S4", "violation")])
    deputy_advice = [f for f in found[("S2", "advice")] if "副站长" in f.message]
    assert deputy_advice, "the deputy where only 4 are asked for is advice (可设)"


@pytest.mark.django_db
def test_no_s5_advice_names_a_mixed_mode_head(demo):
    mixed_heads = Post.objects.active_on(ON).filter(post="head", unit__mode="mixed")
    names = set(mixed_heads.values_list("person__name", flat=True))
    assert names
    s5 = [f.message for f in _all_findings()[("S5", "advice")]]
    assert s5
    assert not [m for m in s5 if any(name in m for name in names)]


@pytest.mark.django_db
def test_some_stations_meet_s1_exactly_and_some_leaders_meet_s5(demo):
    stations = list(Unit.objects.stations().select_related("street"))
    findings = findings_for_units(stations, ON)
    assert any(not [f for f in fs if f.rule == "S1"] for fs in findings.values())
    leaders = Post.objects.active_on(ON).filter(post__in=["head", "deputy"])
    assert Qualification.objects.filter(
        person__posts__in=leaders, level__in=["municipal", "provincial", "national"]
    ).exists()


@pytest.mark.django_db
def test_tenure_shows_both_benefits_a_later_date_and_a_failed_appraisal(demo):
    rows = tenure_rows(ON)
    benefits = Counter(r.status.benefit for r in rows)
    assert benefits[rules.Benefit.PRINCIPAL] >= 2
    assert benefits[rules.Benefit.DEPUTY] >= 2
    # New leaders are not yet eligible, and the page says why.
    assert any(r.status.years < 3 and "任职未满 3 年" in r.status.reason for r in rows)
    # 3 full years, but last year's appraisal is 基本合格: no benefit, and the page says why.
    failed = [r for r in rows if r.status.years >= 3 and r.status.grade == "basic"]
    assert failed
    assert all(r.status.benefit is None and "基本合格" in r.status.reason for r in failed)


@pytest.mark.django_db
def test_a_dual_post_was_attempted_and_refused_under_s4(demo):
    refusal = AuditEvent.objects.get(event="post_assign", result="failure")
    assert "S4" in refusal.detail
    assert refusal.username == "dinglan"  # the street clerk of 丁兰街道
    assert not Post.objects.filter(note="兼任社区社会工作岗").exists()


@pytest.mark.django_db
def test_a_person_moved_from_one_post_to_another(demo):
    moved = [
        p
        for p in Person.objects.filter(posts__end__isnull=False, posts__unit__kind="station")
        if p.posts.filter(end__isnull=True).exists()
    ]
    assert moved
    first, second = sorted(moved[0].posts.all(), key=lambda p: p.start)
    assert first.end == second.start and first.unit != second.unit


@pytest.mark.django_db
def test_id_numbers_are_valid_unique_and_match_birth_date_and_gender(demo):
    people = list(Person.objects.values_list("id_number", "birth_date", "gender", "mobile"))
    for number, born, gender, mobile in people:
        validate_id_number(number)
        assert number == number.upper() and number.startswith("330102")
        assert number[6:14] == born.strftime("%Y%m%d")
        assert int(number[16]) % 2 == (gender == "male")
        assert re.fullmatch(r"1[3-9]\d{9}", mobile)
    assert len({p[0] for p in people}) == len(people)


@pytest.mark.django_db
def test_a_few_thousand_people_with_certificates_appraisals_and_training(demo):
    assert 2500 <= Person.objects.count() <= 3500
    assert Certificate.objects.valid_on(ON).count() > 1000
    assert Certificate.objects.exclude(expires_on=None).exists()  # some registrations lapsed
    # Every finished year since 2022 is appraised; ON's own year is not over yet.
    assert set(StaffAppraisal.objects.values_list("year", flat=True)) == set(range(2022, ON.year))
    assert set(StaffAppraisal.objects.values_list("grade", flat=True)) == set(rules.Grade)
    # TR2: a practice training (April) and a study visit (October) every year up to ON's.
    for year in range(2022, ON.year + 1):
        district = TrainingEvent.objects.filter(level="district", held_on__year=year)
        assert set(district.values_list("kind", flat=True)) == {"practice", STUDY_VISIT}
    assert TrainingEvent.objects.filter(level="street").values("street").distinct().count() == 14
    assert Attendance.objects.count() > 1000
    assert Person.history.filter(history_change_reason="演示数据").count() == Person.objects.count()


@pytest.mark.django_db
def test_a_second_run_creates_nothing(demo):
    first = _snapshot()
    with override_settings(DEMO=True):
        call_command("seed_demo", "--as-of", ON.isoformat(), stdout=StringIO())
    assert _snapshot() == first


@pytest.mark.django_db
def test_findings_for_every_unit_at_once(demo):
    units = list(Unit.objects.select_related("street", "community"))
    assert len(findings_for_units(units, ON)) == len(units)
