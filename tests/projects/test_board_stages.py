"""C1: a project moves one stage at a time with its day and evidence; only the district
skips stages (with a reason, audited); a stale or repeated submit writes nothing. P3: the
district's flag, with a reason, audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from projects.models import StageRecord
from projects.services import projects as services
from tests.projects.factories import ProjectFactory

TODAY = timezone.localdate()


@pytest.fixture
def project(station):
    project = ProjectFactory(unit=station, name="邻里守望", category="brand_service")
    StageRecord.objects.create(
        project=project, stage="research", reached_on=date(2024, 2, 1), evidence="走访 40 户"
    )
    return project


def _advance(client, project, **data):
    payload = {"expected_stage": project.stage, "reached_on": "2024-03-01", "evidence": "方案"}
    payload.update(data)
    return client.post(reverse("projects:project_advance", args=[project.pk]), payload)


def test_clerk_advances_to_the_next_stage_with_evidence_audited(client_for, street_clerk, project):
    response = _advance(client_for(street_clerk), project, evidence="项目方案定稿")
    assert response.status_code == 302
    assert response.url == reverse("projects:project", args=[project.pk])
    project.refresh_from_db()
    assert project.stage == "planning"
    record = project.stage_records.get(stage="planning")
    assert (record.reached_on, record.evidence, record.override_reason) == (
        date(2024, 3, 1),
        "项目方案定稿",
        "",
    )
    event = AuditEvent.objects.get(event="project_stage")
    assert event.user == street_clerk and "research→planning" in event.detail


def test_advance_form_shows_the_current_stage_as_hidden_field(client_for, street_clerk, project):
    response = client_for(street_clerk).get(reverse("projects:project_advance", args=[project.pk]))
    assert response.status_code == 200
    assert 'name="expected_stage" value="research"' in response.content.decode()


def test_a_double_submit_records_the_stage_once(client_for, street_clerk, project):
    client = client_for(street_clerk)
    assert _advance(client, project).status_code == 302
    second = _advance(client, project, expected_stage="research")
    assert second.status_code == 200
    assert "stale" in [e.code for e in second.context["form"].non_field_errors().as_data()]
    project.refresh_from_db()
    assert project.stage == "planning"
    assert project.stage_records.count() == 2
    assert AuditEvent.objects.filter(event="project_stage").count() == 1


def test_the_service_refuses_a_stale_expected_stage(street_clerk, project):
    with pytest.raises(ValidationError) as e:
        services.project_advance(
            project=project,
            expected_stage="planning",
            reached_on=date(2024, 3, 1),
            evidence="方案",
            actor=street_clerk,
        )
    assert e.value.code == "stale"
    assert project.stage_records.count() == 1


@pytest.mark.parametrize(
    ("reached_on", "ok"),
    [
        (date(2024, 1, 31), False),  # the day before research
        (date(2024, 2, 1), True),  # the same day as research
        (TODAY, True),
        (TODAY + timedelta(days=1), False),  # tomorrow
    ],
)
def test_the_day_is_not_before_the_previous_stage_nor_in_the_future(
    client_for, street_clerk, project, reached_on, ok
):
    response = _advance(client_for(street_clerk), project, reached_on=reached_on.isoformat())
    project.refresh_from_db()
    assert (response.status_code == 302) is ok
    assert (project.stage == "planning") is ok
    if not ok:
        assert "reached_on" in response.context["form"].errors
        assert project.stage_records.count() == 1


def test_evidence_is_required(client_for, street_clerk, project):
    response = _advance(client_for(street_clerk), project, evidence="  ")
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    project.refresh_from_db()
    assert project.stage == "research"


def test_at_sustained_there_is_no_next_stage(client_for, street_clerk, station):
    project = ProjectFactory(unit=station, stage="sustained")
    client = client_for(street_clerk)
    url = reverse("projects:project_advance", args=[project.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("projects:project", args=[project.pk])
    refused = _advance(client, project, expected_stage="sustained")
    assert refused.status_code == 200
    codes = [e.code for e in refused.context["form"].non_field_errors().as_data()]
    assert codes == ["last_stage"]
    assert not project.stage_records.exists()


@pytest.mark.parametrize("override", [False, True])
def test_a_clerk_cannot_skip_a_stage(street_clerk, project, override):
    with pytest.raises(ValidationError) as e:
        services.project_advance(
            project=project,
            expected_stage="research",
            to_stage="evaluation",
            reached_on=date(2024, 3, 1),
            evidence="方案",
            reason="赶进度",
            override=override,
            actor=street_clerk,
        )
    assert e.value.error_dict["to_stage"][0].code == "skip"
    project.refresh_from_db()
    assert project.stage == "research"
    assert project.stage_records.count() == 1
    assert not AuditEvent.objects.filter(event__startswith="project_stage").exists()


def test_posting_a_target_on_the_advance_form_moves_one_stage_only(
    client_for, street_clerk, project
):
    _advance(client_for(street_clerk), project, to_stage="sustained")
    project.refresh_from_db()
    assert project.stage == "planning"


def test_the_district_overrides_to_a_later_stage_with_a_reason_audited(
    client_for, district_user, project
):
    url = reverse("projects:project_override", args=[project.pk])
    client = client_for(district_user)
    assert client.get(url).status_code == 200
    data = {
        "expected_stage": "research",
        "to_stage": "implementation",
        "reached_on": "2024-05-01",
        "evidence": "已按既定方案实施",
        "reason": "方案沿用上年",
    }
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.stage == "implementation"
    record = project.stage_records.get(stage="implementation")
    assert record.override_reason == "方案沿用上年"
    assert not project.stage_records.filter(stage="planning").exists()
    event = AuditEvent.objects.get(event="project_stage_override")
    assert event.user == district_user
    assert "research→implementation" in event.detail and "方案沿用上年" in event.detail


def test_an_override_needs_a_reason_and_a_later_stage(client_for, district_user, station):
    project = ProjectFactory(unit=station, stage="evaluation")
    url = reverse("projects:project_override", args=[project.pk])
    client = client_for(district_user)
    base = {"expected_stage": "evaluation", "reached_on": "2024-05-01", "evidence": "报告"}
    no_reason = client.post(url, {**base, "to_stage": "sustained", "reason": ""})
    assert "reason" in no_reason.context["form"].errors
    backwards = client.post(url, {**base, "to_stage": "research", "reason": "退回"})
    assert "to_stage" in backwards.context["form"].errors
    project.refresh_from_db()
    assert project.stage == "evaluation"
    assert not project.stage_records.exists()


def test_the_district_flags_and_clears_p3_with_a_reason_audited(client_for, district_user, project):
    client = client_for(district_user)
    url = reverse("projects:project_flag", args=[project.pk])
    assert client.post(url, {"flagged": "on", "reason": "实为低保代办"}).status_code == 302
    project.refresh_from_db()
    assert project.flagged_administrative is True
    assert client.post(url, {"flagged": "", "reason": "已整改"}).status_code == 302
    project.refresh_from_db()
    assert project.flagged_administrative is False
    details = list(
        AuditEvent.objects.filter(event="project_flag")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == ["set: 实为低保代办", "clear: 已整改"]


def test_a_flag_without_a_reason_or_unchanged_writes_nothing(client_for, district_user, project):
    client = client_for(district_user)
    url = reverse("projects:project_flag", args=[project.pk])
    assert client.post(url, {"flagged": "on", "reason": ""}).status_code == 302
    assert client.post(url, {"flagged": "", "reason": "未标记"}).status_code == 302
    project.refresh_from_db()
    assert project.flagged_administrative is False
    assert not AuditEvent.objects.filter(event="project_flag").exists()


def test_flag_is_post_only(client_for, district_user, project):
    url = reverse("projects:project_flag", args=[project.pk])
    assert client_for(district_user).get(url).status_code == 405


def test_the_service_refuses_a_flag_by_a_clerk(street_clerk, project):
    with pytest.raises(ValidationError) as e:
        services.project_flag(project=project, flagged=True, reason="x", actor=street_clerk)
    assert e.value.code == "not_allowed"
    project.refresh_from_db()
    assert project.flagged_administrative is False
