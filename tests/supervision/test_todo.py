"""The to-do list (待办) of every start page, and the monthly reminder of unfiled
evaluations."""

from datetime import date
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from shangcheng.compliance import findings_for_units
from shangcheng.pages.todo import todo_for
from supervision.reminders import last_month, mark_unfiled_evaluations, unfiled
from tests.supervision.factories import (
    AnnualAppraisalFactory,
    AssignmentFactory,
    EvaluationFactory,
)

ON = date(2025, 6, 15)  # last month: May 2025
MAY = date(2025, 5, 1)


def test_last_month_is_the_first_day_of_the_month_before():
    assert last_month(date(2025, 1, 31)) == date(2024, 12, 1)
    assert last_month(ON) == MAY


def test_a_supervisor_sees_unfiled_months_and_returned_evaluations(
    supervisor, supervisor_profile, workroom, station
):
    AssignmentFactory(supervisor=supervisor_profile, unit=workroom)  # owes May
    AssignmentFactory(supervisor=supervisor_profile, unit=station)
    EvaluationFactory(supervisor=supervisor_profile, unit=station, month=MAY)  # a draft: filed
    EvaluationFactory(
        supervisor=supervisor_profile, unit=station, month=date(2025, 4, 1), status="returned"
    )
    items = todo_for(supervisor, ON)
    assert [item.count for item in items] == [1, 1]
    assert "2025-05" in items[0].label
    assert all(item.url == reverse("supervision:my") for item in items)


def test_a_link_that_ended_before_last_month_owes_nothing(supervisor_profile, workroom, station):
    AssignmentFactory(supervisor=supervisor_profile, unit=workroom, start=date(2024, 1, 1), end=MAY)
    AssignmentFactory(
        supervisor=supervisor_profile, unit=station, start=date(2025, 5, 31), end=date(2025, 6, 2)
    )
    # Ended on 1 May (not covered that day): nothing owed; covered on 31 May: owed.
    assert unfiled(MAY) == {(supervisor_profile.pk, station.pk)}


def test_nothing_waiting_lists_nothing(supervisor, supervisor_profile, auditor):
    assert todo_for(supervisor, ON) == []
    assert todo_for(auditor, ON) == []


def test_the_district_sees_the_review_queue_and_drafts_to_finalise(district_user, station):
    EvaluationFactory(unit=station, status="submitted")
    EvaluationFactory(unit=station, status="submitted", month=date(2024, 2, 1))
    EvaluationFactory(unit=station, status="approved", month=date(2024, 3, 1))
    AnnualAppraisalFactory(year=2024)
    AnnualAppraisalFactory(year=2024, status="final", grade="qualified")
    items = todo_for(district_user, ON)
    assert [(item.count, item.url) for item in items] == [
        (2, reverse("supervision:review")),
        (1, reverse("supervision:appraisals")),
    ]


def _violations(units) -> int:
    found = findings_for_units(units, ON)
    return sum(1 for fs in found.values() for f in fs if f.severity == "violation")


def test_a_street_clerk_sees_the_open_violations_of_their_street(
    street_clerk, street, station, workroom, other_workroom
):
    (item,) = todo_for(street_clerk, ON)
    assert item.count == _violations([station, workroom]) > 0
    assert item.url == reverse("street", args=[street.pk])


def test_a_community_user_sees_their_workrooms_violations(community_user, workroom):
    (item,) = todo_for(community_user, ON)
    assert item.count == _violations([workroom]) > 0
    assert item.url == workroom.get_absolute_url()


# Shown on every start page


def test_the_district_page_shows_the_to_do(client_for, district_user, station):
    EvaluationFactory(unit=station, status="submitted")
    page = client_for(district_user).get(reverse("district")).content.decode()
    assert 'id="todo"' in page and reverse("supervision:review") in page


def test_the_street_page_shows_the_to_do_to_its_clerk_only(
    client_for, street_clerk, district_user, street, station
):
    url = reverse("street", args=[street.pk])
    assert 'id="todo"' in client_for(street_clerk).get(url).content.decode()
    assert 'id="todo"' not in client_for(district_user).get(url).content.decode()


def test_the_unit_page_shows_the_to_do_to_a_community_user_only(
    client_for, community_user, street_clerk, workroom
):
    url = reverse("unit", args=[workroom.pk])
    assert 'id="todo"' in client_for(community_user).get(url).content.decode()
    assert 'id="todo"' not in client_for(street_clerk).get(url).content.decode()


def test_the_start_page_shows_a_supervisor_the_to_do(
    client_for, supervisor, supervisor_profile, workroom
):
    AssignmentFactory(supervisor=supervisor_profile, unit=workroom)  # owes last month
    response = client_for(supervisor).get(reverse("home"), follow=True)
    page = response.content.decode()
    assert 'id="todo"' in page
    assert response.context["todo"][0].count == 1


# The monthly reminder


def _job() -> AuditEvent:
    return AuditEvent.objects.filter(event="job", object="mark_unfiled_evaluations").latest("pk")


def test_the_reminder_records_last_months_unfiled_evaluations(supervisor_profile, workroom):
    AssignmentFactory(supervisor=supervisor_profile, unit=workroom)
    result = mark_unfiled_evaluations.delay(on=ON.isoformat()).get()
    assert result == {"month": "2025-05", "unfiled": 1, "supervisors": 1, "emails": 0}
    assert "unfiled=1" in _job().detail and _job().username == "system"
    assert mail.outbox == []  # no mail server configured


@override_settings(EMAIL_HOST="smtp.example.org")
def test_the_reminder_mails_supervisors_when_a_mail_server_is_set(
    supervisor, supervisor_profile, workroom
):
    supervisor.email = "duda@example.org"
    supervisor.save()
    AssignmentFactory(supervisor=supervisor_profile, unit=workroom)
    assert mark_unfiled_evaluations(on=ON.isoformat())["emails"] == 1
    assert mail.outbox[0].to == ["duda@example.org"]


@override_settings(EMAIL_HOST="smtp.example.org")
def test_a_mail_failure_is_logged_and_the_job_still_recorded(
    supervisor, supervisor_profile, workroom
):
    supervisor.email = "duda@example.org"
    supervisor.save()
    AssignmentFactory(supervisor=supervisor_profile, unit=workroom)
    with mock.patch("supervision.reminders.send_mail", side_effect=OSError("down")):
        assert mark_unfiled_evaluations(on=ON.isoformat())["emails"] == 0
    assert "unfiled=1" in _job().detail


@pytest.mark.django_db
def test_the_reminder_runs_on_the_25th_at_nine():
    entry = settings.CELERY_BEAT_SCHEDULE["remind-unfiled-evaluations"]
    assert entry["task"] == "supervision.reminders.mark_unfiled_evaluations"
    schedule = entry["schedule"]
    assert schedule.day_of_month == {25} and schedule.hour == {9} and schedule.minute == {0}


@pytest.mark.django_db
def test_the_reminder_defaults_to_today():
    result = mark_unfiled_evaluations()
    assert result["month"] == f"{last_month(timezone.localdate()):%Y-%m}"
