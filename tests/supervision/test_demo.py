"""The supervision demo: every type and level, every V-finding somewhere, a year of
evaluations in every state, the demo supervisor account with work waiting, valid personal
data, and a second run creates nothing.

seed_demo is slow (thousands of people), so it runs once for the whole module; the module's
outer transaction is rolled back at the end, and each test runs in its own savepoint.
"""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import User
from shangcheng import rules
from shangcheng.compliance import findings_for_units
from shangcheng.pages.todo import todo_for
from staffing.validators import validate_id_number
from stations.models import Unit
from supervision.compliance import coverage, supervisor_findings
from supervision.models import (
    Agreement,
    AnnualAppraisal,
    Assignment,
    Engagement,
    EvaluationEvent,
    MonthlyEvaluation,
    Supervisor,
)
from supervision.reminders import last_month

ON = date(2026, 11, 29)  # the day the demo is seeded as of, and the findings' day


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO=True):
            call_command("seed_demo", "--as-of", ON.isoformat(), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            Supervisor,
            Engagement,
            Agreement,
            Assignment,
            MonthlyEvaluation,
            EvaluationEvent,
            AnnualAppraisal,
        )
    } | {"history": MonthlyEvaluation.history.count() + Supervisor.history.count()}


@pytest.mark.django_db
def test_a_second_run_creates_nothing(demo):
    first = _snapshot()
    with override_settings(DEMO=True):
        call_command("seed_demo", "--as-of", ON.isoformat(), stdout=StringIO())
    assert _snapshot() == first


@pytest.mark.django_db
def test_about_thirty_supervisors_of_every_type_and_level(demo):
    assert 25 <= Supervisor.objects.count() <= 40
    pairs = set(Supervisor.objects.values_list("type", "level"))
    assert {t for t, _ in pairs} == set(rules.SupervisorType)
    assert {lv for _, lv in pairs} == set(rules.SupervisorLevel)
    for kind in rules.SupervisorType:  # every type meets every level
        assert {lv for t, lv in pairs if t == kind} == set(rules.SupervisorLevel)
    assert Supervisor.objects.filter(full_time=True).exclude(project_level="").exists()


@pytest.mark.django_db
def test_supervisors_are_valid_people_of_the_rosters(demo):
    for number, born, gender in Supervisor.objects.values_list(
        "person__id_number", "person__birth_date", "person__gender"
    ):
        validate_id_number(number)
        assert number[6:14] == born.strftime("%Y%m%d")
        assert int(number[16]) % 2 == (gender == "male")
        assert int(number[14:17]) >= 950  # clear of the staff demo's bands
    assert Supervisor.objects.values("person__street").distinct().count() == 14


@pytest.mark.django_db
def test_v6_findings_occur_for_workrooms_and_stations(demo):
    units = list(Unit.objects.select_related("street", "community"))
    found = findings_for_units(units, ON)
    v6 = {pk: [f for f in fs if f.rule == "V6"] for pk, fs in found.items()}
    by_pk = {u.pk: u for u in units}
    uncovered = [pk for pk, fs in v6.items() if fs and not by_pk[pk].is_station]
    assert 1 <= len(uncovered) <= 8  # all but a few workrooms are covered
    stations = [pk for pk, fs in v6.items() if by_pk[pk].is_station]
    no_core = [pk for pk in stations if any("骨干成员" in f.message for f in v6[pk])]
    assert 1 <= len(no_core) <= 4
    summary = coverage(ON)
    assert summary.workrooms - summary.covered == len(uncovered)


@pytest.mark.django_db
def test_v2_v3_v4_findings_occur(demo):
    found = Counter(
        (f.rule, str(f.severity)) for fs in supervisor_findings(ON).values() for f in fs
    )
    assert found[("V2", "advice")] >= 1
    assert found[("V3", "violation")] == 1
    assert found[("V4", "violation")] >= 1


@pytest.mark.django_db
def test_a_year_of_evaluations_in_every_state(demo):
    months = set(MonthlyEvaluation.objects.values_list("month", flat=True))
    assert max(months) == last_month(ON) and len(months) == 12
    statuses = Counter(MonthlyEvaluation.objects.values_list("status", flat=True))
    assert set(statuses) == set(MonthlyEvaluation.Status.values)
    assert statuses["approved"] > statuses["submitted"] > 0
    assert MonthlyEvaluation.objects.filter(late=True).count() == 1
    for evaluation in MonthlyEvaluation.objects.filter(status="returned"):
        steps = list(evaluation.events.order_by("at", "pk"))
        assert [s.action for s in steps] == ["create", "submit", "return"]
        assert steps[-1].comment and steps[-1].actor.username == "district"
        assert evaluation.submitted_at <= steps[-1].at == evaluation.reviewed_at


@pytest.mark.django_db
def test_appraisals_of_earlier_years_are_final_with_grades(demo):
    finals = AnnualAppraisal.objects.filter(status="final")
    assert set(finals.values_list("year", flat=True)) <= set(range(2022, ON.year))
    assert not finals.filter(grade="").exists()
    assert set(finals.values_list("grade", flat=True)) == set(rules.Grade)
    drafts = AnnualAppraisal.objects.filter(status="draft")
    assert set(drafts.values_list("year", flat=True)) == {ON.year - 1}


@pytest.mark.django_db
def test_the_supervisor_account_has_work_waiting(demo):
    account = User.objects.get(username="supervisor")
    assert Supervisor.objects.filter(user=account).exists()
    items = todo_for(account, ON)
    assert len(items) == 2 and all(item.count for item in items)  # unfiled and returned
    district = todo_for(User.objects.get(username="district"), ON)
    assert len(district) == 2  # evaluations to review, appraisals to finalise
