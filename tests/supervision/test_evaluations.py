"""The monthly evaluation's workflow (supervision.services.evaluations): every transition
writes its step and an audit row; every refusal is a ValidationError naming the field, and
writes nothing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from shangcheng.versioning import StaleEdit
from supervision.models import DistrictParameters, EvaluationEvent, MonthlyEvaluation
from supervision.services import evaluations as services
from tests.factories import StationFactory
from tests.supervision.factories import AssignmentFactory, EvaluationFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
JANUARY = date(2024, 1, 1)
CONTENT = {"sessions": 2, "hours": "4.5", "unit_score": 88, "workers_score": 80}


def _create(supervisor_profile, unit, month=JANUARY, **fields):
    return services.evaluation_create(
        supervisor=supervisor_profile,
        unit=unit,
        month=month,
        actor=supervisor_profile.user,
        ip="10.0.0.1",
        **{**CONTENT, **fields},
    )


def _refusal(excinfo, field, code):
    assert field in excinfo.value.error_dict, excinfo.value
    assert excinfo.value.error_dict[field][0].code == code


def _actions(evaluation):
    return list(evaluation.events.values_list("action", flat=True))


@pytest.fixture
def draft(supervisor_profile, assigned_station):
    return _create(supervisor_profile, assigned_station)


@pytest.fixture
def submitted(draft, supervisor_profile):
    return services.evaluation_submit(evaluation=draft, actor=supervisor_profile.user)


# Creating


def test_create_writes_a_draft_with_its_step_and_an_audit_row(draft, supervisor_profile):
    assert draft.status == MonthlyEvaluation.Status.DRAFT
    event = draft.events.get()
    assert (event.action, event.actor) == ("create", supervisor_profile.user)
    audit = AuditEvent.objects.get(event="evaluation_create")
    assert (audit.user, audit.ip, audit.result) == (supervisor_profile.user, "10.0.0.1", "success")


def test_create_refuses_a_unit_not_assigned_to_the_supervisor(supervisor_profile, assigned_station):
    elsewhere = StationFactory()
    with pytest.raises(ValidationError) as e:
        _create(supervisor_profile, elsewhere)
    _refusal(e, "unit", "not_assigned")
    assert not MonthlyEvaluation.objects.exists()
    assert not AuditEvent.objects.filter(event__startswith="evaluation").exists()


def test_create_refuses_a_unit_assigned_to_another_supervisor(
    supervisor_profile, other_supervisor_profile, station
):
    AssignmentFactory(supervisor=other_supervisor_profile, unit=station)
    with pytest.raises(ValidationError) as e:
        _create(supervisor_profile, station)
    _refusal(e, "unit", "not_assigned")


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        (date(2024, 1, 31), None, True),  # assigned on the month's last day
        (date(2024, 2, 1), None, False),  # from the next month on
        (date(2023, 6, 1), date(2024, 1, 2), True),  # the link covered 1 January
        (date(2023, 6, 1), date(2024, 1, 1), False),  # ended on the 1st: not covered
    ],
    ids=["starts-last-day", "starts-next-month", "ends-on-2nd", "ends-on-1st"],
)
def test_create_needs_an_assignment_on_a_day_of_the_month(
    supervisor_profile, station, start, end, allowed
):
    AssignmentFactory(supervisor=supervisor_profile, unit=station, start=start, end=end)
    if allowed:
        assert _create(supervisor_profile, station).pk
    else:
        with pytest.raises(ValidationError) as e:
            _create(supervisor_profile, station)
        _refusal(e, "unit", "not_assigned")


def test_create_refuses_a_month_that_has_not_begun(supervisor_profile, assigned_station):
    next_month = services.next_month(timezone.localdate())
    with pytest.raises(ValidationError) as e:
        _create(supervisor_profile, assigned_station, month=next_month)
    _refusal(e, "month", "future_month")
    assert not MonthlyEvaluation.objects.exists()


def test_create_accepts_the_current_month(supervisor_profile, assigned_station):
    this_month = timezone.localdate().replace(day=1)
    assert _create(supervisor_profile, assigned_station, month=this_month).month == this_month


def test_create_refuses_a_month_not_given_by_its_first_day(supervisor_profile, assigned_station):
    with pytest.raises(ValidationError) as e:
        _create(supervisor_profile, assigned_station, month=date(2024, 1, 15))
    assert "month" in e.value.error_dict


def test_a_second_evaluation_of_the_same_unit_and_month_is_refused_not_a_crash(
    draft, supervisor_profile, assigned_station
):
    with pytest.raises(ValidationError) as e:
        _create(supervisor_profile, assigned_station)
    _refusal(e, "month", "duplicate")
    assert MonthlyEvaluation.objects.count() == 1
    assert EvaluationEvent.objects.count() == 1


def test_two_supervisors_may_evaluate_the_same_unit_and_month(
    draft, other_supervisor_profile, assigned_station
):
    AssignmentFactory(supervisor=other_supervisor_profile, unit=assigned_station)
    assert _create(other_supervisor_profile, assigned_station).pk != draft.pk


def test_create_refuses_fields_outside_the_content(supervisor_profile, assigned_station):
    with pytest.raises(ValueError, match="status"):
        _create(supervisor_profile, assigned_station, status="approved")


# Editing


def test_update_changes_a_draft_and_writes_an_edit_step(draft, supervisor_profile):
    updated = services.evaluation_update(
        evaluation=draft, version=draft.version, actor=supervisor_profile.user, topics="新议题"
    )
    assert MonthlyEvaluation.objects.get(pk=draft.pk).topics == "新议题"
    assert updated.version == draft.version + 1
    assert _actions(draft) == ["create", "edit"]
    assert AuditEvent.objects.filter(event="evaluation_edit").count() == 1


def test_update_from_a_stale_form_is_refused(draft, supervisor_profile):
    services.evaluation_update(evaluation=draft, version=draft.version, actor=None, topics="a")
    with pytest.raises(StaleEdit):
        services.evaluation_update(evaluation=draft, version=draft.version, actor=None, topics="b")
    assert MonthlyEvaluation.objects.get(pk=draft.pk).topics == "a"


def test_a_submitted_evaluation_cannot_be_edited(submitted, supervisor_profile):
    with pytest.raises(ValidationError) as e:
        services.evaluation_update(
            evaluation=submitted, version=submitted.version, actor=None, topics="x"
        )
    _refusal(e, "status", "not_editable")


def test_an_approved_evaluation_is_read_only(submitted, district_user):
    approved = services.evaluation_approve(evaluation=submitted, actor=district_user)
    with pytest.raises(ValidationError) as e:
        services.evaluation_update(
            evaluation=approved, version=approved.version, actor=None, topics="x"
        )
    _refusal(e, "status", "not_editable")
    with pytest.raises(ValidationError) as e:
        services.evaluation_submit(evaluation=approved, actor=None)
    _refusal(e, "status", "not_editable")
    assert MonthlyEvaluation.objects.get(pk=approved.pk).topics == ""


# Submitting


def test_submit_sends_a_draft_to_the_district(draft, supervisor_profile):
    now = datetime(2024, 2, 5, 9, 0, tzinfo=SHANGHAI)
    submitted = services.evaluation_submit(
        evaluation=draft, actor=supervisor_profile.user, ip="10.0.0.2", now=now
    )
    assert (submitted.status, submitted.submitted_at, submitted.late) == ("submitted", now, False)
    assert _actions(draft) == ["create", "submit"]
    assert AuditEvent.objects.get(event="evaluation_submit").ip == "10.0.0.2"


def test_submit_refuses_an_incomplete_evaluation_naming_each_field(
    supervisor_profile, assigned_station
):
    empty = _create(supervisor_profile, assigned_station, sessions=0, unit_score=None)
    with pytest.raises(ValidationError) as e:
        services.evaluation_submit(evaluation=empty, actor=None)
    assert set(e.value.error_dict) == {"sessions", "unit_score"}
    assert MonthlyEvaluation.objects.get(pk=empty.pk).status == "draft"


def test_a_submitted_evaluation_cannot_be_submitted_again(submitted):
    with pytest.raises(ValidationError) as e:
        services.evaluation_submit(evaluation=submitted, actor=None)
    _refusal(e, "status", "not_editable")


# The filing deadline: the district's day of the next month, inclusive


def _submit_on(evaluation, day, hour=12, minute=0):
    when = datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)
    return services.evaluation_submit(evaluation=evaluation, actor=None, now=when)


@pytest.mark.parametrize(
    ("day", "hour", "minute", "late"),
    [
        (date(2024, 2, 10), 23, 59, False),  # the deadline day itself, Shanghai time
        (date(2024, 2, 11), 0, 0, True),
        (date(2024, 1, 20), 12, 0, False),  # within the month itself
    ],
)
def test_filing_after_the_default_deadline_is_allowed_but_late(draft, day, hour, minute, late):
    submitted = _submit_on(draft, day, hour, minute)
    assert (submitted.status, submitted.late) == ("submitted", late)


def test_the_deadline_is_the_district_parameter_of_the_months_year(
    supervisor_profile, assigned_station
):
    DistrictParameters.objects.create(year=2023, filing_deadline_day=5)
    december = _create(supervisor_profile, assigned_station, month=date(2023, 12, 1))
    assert services.filing_deadline(december.month) == date(2024, 1, 5)
    assert _submit_on(december, date(2024, 1, 6)).late is True


def test_resubmitting_after_a_return_keeps_the_first_filing(draft, district_user):
    first = _submit_on(draft, date(2024, 2, 3))
    services.evaluation_return(evaluation=first, comment="补充问题", actor=district_user)
    again = _submit_on(draft, date(2024, 3, 1))
    assert (again.submitted_at, again.late) == (first.submitted_at, False)


# Reviewing


def test_return_needs_a_comment(submitted, district_user):
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as e:
            services.evaluation_return(evaluation=submitted, comment=blank, actor=district_user)
        _refusal(e, "comment", "comment_required")
    assert MonthlyEvaluation.objects.get(pk=submitted.pk).status == "submitted"
    assert not AuditEvent.objects.filter(event="evaluation_return").exists()


def test_return_sends_it_back_with_the_comment_in_its_trail(submitted, district_user):
    returned = services.evaluation_return(
        evaluation=submitted, comment=" 请补充问题 ", actor=district_user, ip="10.0.0.3"
    )
    assert (returned.status, returned.reviewed_by) == ("returned", district_user)
    event = returned.events.get(action="return")
    assert (event.actor, event.comment) == (district_user, "请补充问题")
    audit = AuditEvent.objects.get(event="evaluation_return")
    assert (audit.user, audit.ip) == (district_user, "10.0.0.3")
    assert "请补充问题" in audit.detail


def test_approve_makes_it_approved(submitted, district_user):
    approved = services.evaluation_approve(evaluation=submitted, actor=district_user)
    assert (approved.status, approved.reviewed_by) == ("approved", district_user)
    assert approved.reviewed_at is not None
    assert _actions(approved) == ["create", "submit", "approve"]
    assert AuditEvent.objects.filter(event="evaluation_approve").count() == 1


def test_a_draft_cannot_be_reviewed(draft, district_user):
    with pytest.raises(ValidationError) as e:
        services.evaluation_approve(evaluation=draft, actor=district_user)
    _refusal(e, "status", "already_decided")
    with pytest.raises(ValidationError) as e:
        services.evaluation_return(evaluation=draft, comment="x", actor=district_user)
    _refusal(e, "status", "already_decided")


def test_the_second_decision_is_refused_naming_who_decided(submitted, district_user):
    services.evaluation_approve(evaluation=submitted, actor=district_user)
    # ``submitted`` is the second reviewer's stale copy: still "submitted" in memory.
    with pytest.raises(ValidationError) as e:
        services.evaluation_return(evaluation=submitted, comment="退回", actor=None)
    _refusal(e, "status", "already_decided")
    assert district_user.username in e.value.error_dict["status"][0].message
    assert MonthlyEvaluation.objects.get(pk=submitted.pk).status == "approved"
    assert _actions(submitted) == ["create", "submit", "approve"]


def test_the_whole_cycle_is_in_the_trail(draft, supervisor_profile, district_user):
    user = supervisor_profile.user
    services.evaluation_submit(evaluation=draft, actor=user)
    services.evaluation_return(evaluation=draft, comment="补充", actor=district_user)
    current = MonthlyEvaluation.objects.get(pk=draft.pk)
    services.evaluation_update(evaluation=current, version=current.version, actor=user, hours=6)
    services.evaluation_submit(evaluation=draft, actor=user)
    final = services.evaluation_approve(evaluation=draft, actor=district_user)
    assert final.status == "approved"
    assert _actions(final) == ["create", "submit", "return", "edit", "submit", "approve"]
    audited = AuditEvent.objects.filter(event__startswith="evaluation_").count()
    assert audited == 6


# Approving several at once


def _submitted_batch(n, supervisor_profile, station):
    months = [date(2023, m, 1) for m in range(1, n + 1)]
    batch = [
        EvaluationFactory(supervisor=supervisor_profile, unit=station, month=m) for m in months
    ]
    return [services.evaluation_submit(evaluation=e, actor=None) for e in batch]


def test_bulk_approve_approves_each_with_its_step_and_audit_row(
    supervisor_profile, assigned_station, district_user
):
    batch = _submitted_batch(3, supervisor_profile, assigned_station)
    approved = services.evaluations_approve(evaluations=batch, actor=district_user, ip="10.0.0.4")
    assert len(approved) == 3
    assert set(MonthlyEvaluation.objects.values_list("status", flat=True)) == {"approved"}
    assert EvaluationEvent.objects.filter(action="approve", actor=district_user).count() == 3
    assert AuditEvent.objects.filter(event="evaluation_approve", ip="10.0.0.4").count() == 3


def test_bulk_approve_is_all_or_nothing(supervisor_profile, assigned_station, district_user):
    batch = _submitted_batch(3, supervisor_profile, assigned_station)
    services.evaluation_return(evaluation=batch[1], comment="补充", actor=district_user)
    with pytest.raises(ValidationError) as e:
        services.evaluations_approve(evaluations=batch, actor=district_user)
    _refusal(e, "evaluations", "already_decided")
    assert "2023-02" in e.value.error_dict["evaluations"][0].message
    assert not MonthlyEvaluation.objects.filter(status="approved").exists()
    assert not EvaluationEvent.objects.filter(action="approve").exists()


def test_bulk_approve_of_nothing_is_refused(district_user, db):
    with pytest.raises(ValidationError) as e:
        services.evaluations_approve(evaluations=[], actor=district_user)
    _refusal(e, "evaluations", "empty")


def test_month_arithmetic_crosses_the_year_and_leap_february():
    assert services.next_month(date(2023, 12, 1)) == date(2024, 1, 1)
    assert services.month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert services.month_end(date(2023, 12, 1)) == date(2023, 12, 31)
    assert services.next_month(date(2024, 1, 31)) - timedelta(days=1) == date(2024, 1, 31)
