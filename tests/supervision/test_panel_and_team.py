"""The unit page's supervision panel (supervisors on the day, the latest evaluations the user
may read) and the district's supervisors list (404 for every other role); both in a fixed
number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision.panels import unit_panel
from tests.factories import UserFactory, WorkroomFactory
from tests.supervision.factories import (
    AgreementFactory,
    AssignmentFactory,
    EngagementFactory,
    EvaluationFactory,
    SupervisorFactory,
)

ON = date(2025, 6, 15)


@pytest.fixture
def linked(workroom, street):
    """Two supervisors of the workroom on ON, one whose link ended the day before."""
    today = SupervisorFactory(person__name="督导今", person__street=street, level="provincial")
    AssignmentFactory(supervisor=today, unit=workroom, start=date(2024, 1, 1))
    gone = SupervisorFactory(person__name="督导昔", person__street=street, user=None)
    AssignmentFactory(supervisor=gone, unit=workroom, start=date(2023, 1, 1), end=ON)
    return today


def _evaluations(supervisor, unit, statuses):
    """One evaluation a month back from June 2025, in the given statuses."""
    return [
        EvaluationFactory(supervisor=supervisor, unit=unit, month=date(2025, 6 - i, 1), status=s)
        for i, s in enumerate(statuses)
    ]


def test_the_panel_lists_the_supervisors_of_the_day(linked, workroom, district_user):
    panel = unit_panel(workroom, user=district_user, on=ON)
    assert [link.supervisor.person.name for link in panel["links"]] == ["督导今"]
    assert panel["links"][0].supervisor.get_level_display() == "省级"
    earlier = unit_panel(workroom, user=district_user, on=ON - timedelta(days=1))
    assert {link.supervisor.person.name for link in earlier["links"]} == {"督导今", "督导昔"}


def test_the_panel_shows_the_latest_three_evaluations_the_user_may_read(
    linked, workroom, district_user, community_user
):
    statuses = ["submitted", "approved", "approved", "draft", "approved", "approved"]
    _evaluations(linked, workroom, statuses)
    district = unit_panel(workroom, user=district_user, on=ON)["evaluations"]
    assert [e.month.month for e in district] == [6, 5, 4]
    # A community user reads approved evaluations only: May, April, February.
    community = unit_panel(workroom, user=community_user, on=ON)["evaluations"]
    assert [e.month.month for e in community] == [5, 4, 2]
    # A supervisor reads only their own.
    other = SupervisorFactory()
    assert unit_panel(workroom, user=other.user, on=ON)["evaluations"] == []
    assert len(unit_panel(workroom, user=linked.user, on=ON)["evaluations"]) == 3


def test_the_panel_keeps_only_the_supervision_findings(workroom, district_user):
    from shangcheng.compliance import unit_findings

    findings = unit_findings(workroom, ON)
    panel = unit_panel(workroom, user=district_user, on=ON, findings=findings)
    assert [f.rule for f in panel["findings"]] == ["V6"]


def _panel_queries(unit, user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        unit_panel(unit, user=user, on=ON)
    return len(ctx)


def test_the_panel_costs_two_queries_however_many_links(linked, workroom, district_user):
    small = _panel_queries(workroom, district_user)
    for _ in range(4):
        AssignmentFactory(unit=workroom, start=date(2024, 1, 1))
    _evaluations(linked, workroom, ["approved"] * 4)
    assert _panel_queries(workroom, district_user) == small == 2


def test_the_unit_page_shows_the_panel(client_for, street_clerk, workroom, street):
    supervisor = SupervisorFactory(person__name="督导丙", person__street=street)
    AssignmentFactory(supervisor=supervisor, unit=workroom, start=date(2022, 1, 1))
    response = client_for(street_clerk).get(reverse("unit", args=[workroom.pk]))
    assert response.status_code == 200
    assert 'id="supervision-panel"' in response.content.decode()
    assert "督导丙" in response.content.decode()


# The supervisors list


def _team(street, n):
    """``n`` supervisors, each with an engagement, an agreement and a workroom today."""
    today = timezone.localdate()
    for i in range(n):
        supervisor = SupervisorFactory(person__street=street, person__name=f"督导{i}号", user=None)
        engagement = EngagementFactory(supervisor=supervisor, start=date(2024, 1, 1))
        AgreementFactory(engagement=engagement, start=date(2024, 1, 1), end=date(2024, 12, 31))
        AssignmentFactory(supervisor=supervisor, unit=WorkroomFactory(), start=today)


def test_the_district_sees_every_supervisor_with_findings_and_coverage(
    client_for, district_user, street
):
    supervisor = SupervisorFactory(person__street=street, person__name="督导丁", user=None)
    engagement = EngagementFactory(
        supervisor=supervisor, start=date(2024, 1, 1), end=date(2025, 12, 31)
    )
    AgreementFactory(engagement=engagement, start=date(2024, 1, 1), end=date(2025, 3, 31))
    room = WorkroomFactory(name="上城区测试社区暖心社会工作室")
    AssignmentFactory(supervisor=supervisor, unit=room, start=date(2024, 1, 1))
    WorkroomFactory()  # not covered
    response = client_for(district_user).get(reverse("supervision:supervisors"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "督导丁" in page and room.name in page
    assert "2024-01-01 – 2025-12-31" in page and "2024-01-01 – 2025-03-31" in page
    assert "2024-01-01 至 2025-03-31 超过 1 年" in page  # V3
    row = next(r for r in response.context["rows"] if r[0] == supervisor)
    assert {f.rule for f in row[1]} >= {"V3"}
    coverage = response.context["coverage"]
    assert (coverage.covered, coverage.workrooms) == (1, 2)


@pytest.mark.parametrize("persona", ["street_clerk", "community_user", "supervisor", "auditor"])
def test_only_the_district_opens_the_supervisors_list(client_for, persona, request):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("supervision:supervisors")).status_code == 404


def test_the_supervisors_list_costs_the_same_queries_for_any_number(client_for, street):
    district = UserFactory(district=True)
    client = client_for(district)
    _team(street, 1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("supervision:supervisors"))
    _team(street, 6)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("supervision:supervisors"))
    assert len(large) == len(small)
