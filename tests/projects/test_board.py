"""A unit's project board and project pages: scope (404 out of scope, GET and POST, for
every pk URL), who may write, the board's grouping, counts, stages and findings for the
selected year, and the query count at two sizes."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, StageRecord
from tests.projects.factories import ProjectFactory
from tests.supervision.factories import AssignmentFactory, SupervisorFactory

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def project(station):
    return ProjectFactory(unit=station, name="邻里守望", category="cluster", first_year=2023)


@pytest.fixture
def other_project(other_station):
    return ProjectFactory(unit=other_station, name="湖滨助老", category="cluster")


@pytest.fixture
def workroom_project(workroom):
    return ProjectFactory(unit=workroom, name="楼道议事", category="consultation")


@pytest.fixture
def linked_supervisor(supervisor, station):
    AssignmentFactory(supervisor=SupervisorFactory(user=supervisor), unit=station)
    return supervisor


def _project_urls(project):
    return [
        reverse(f"projects:{name}", args=[project.pk])
        for name in [
            "project",
            "project_edit",
            "project_delete",
            "project_advance",
            "project_override",
            "project_flag",
        ]
    ]


def _unit_urls(unit):
    return [
        reverse("projects:board", args=[unit.pk]),
        reverse("projects:project_add", args=[unit.pk]),
    ]


def _write_urls(project):
    return [
        reverse("projects:project_add", args=[project.unit_id]),
        *[u for u in _project_urls(project) if not u.endswith(f"/{project.pk}/")],
    ]


POST_DATA = {
    "name": "越权项目",
    "category": "cluster",
    "first_year": "2024",
    "reason": "越权",
    "evidence": "越权",
    "reached_on": "2024-01-01",
    "expected_stage": "research",
    "to_stage": "sustained",
    "flagged": "on",
    "version": "1",
}


def _nothing_changed(project):
    before = (project.name, project.stage, project.flagged_administrative, project.version)
    project.refresh_from_db()
    assert (project.name, project.stage, project.flagged_administrative, project.version) == (
        before
    )


def test_other_streets_clerk_gets_404_on_every_url_get_and_post(
    client_for, other_street_clerk, station, project
):
    client = client_for(other_street_clerk)
    records = StageRecord.objects.count()
    for url in _unit_urls(station) + _project_urls(project):
        assert client.get(url).status_code == 404, url
        assert client.post(url, POST_DATA).status_code == 404, url
    _nothing_changed(project)
    assert Project.objects.count() == 1
    assert StageRecord.objects.count() == records


def test_district_and_own_clerk_open_the_read_pages(
    client_for, district_user, street_clerk, station, project
):
    for user in (district_user, street_clerk):
        client = client_for(user)
        assert client.get(reverse("projects:board", args=[station.pk])).status_code == 200
        assert client.get(reverse("projects:project", args=[project.pk])).status_code == 200


def test_read_pages_refuse_post_in_scope_with_405(client_for, street_clerk, station, project):
    client = client_for(street_clerk)
    assert client.post(reverse("projects:board", args=[station.pk])).status_code == 405
    assert client.post(reverse("projects:project", args=[project.pk])).status_code == 405


@pytest.mark.parametrize("persona", ["linked_supervisor", "auditor"])
def test_supervisor_and_auditor_get_404_on_every_write(
    client_for, request, persona, station, project
):
    client = client_for(request.getfixturevalue(persona))
    for url in _write_urls(project):
        assert client.get(url).status_code == 404, url
        assert client.post(url, POST_DATA).status_code == 404, url
    _nothing_changed(project)
    assert Project.objects.count() == 1


def test_linked_supervisor_reads_the_board_without_write_links(
    client_for, linked_supervisor, station, project
):
    response = client_for(linked_supervisor).get(reverse("projects:board", args=[station.pk]))
    assert response.status_code == 200
    assert response.context["can_write"] is False
    body = response.content.decode()
    assert reverse("projects:project", args=[project.pk]) in body
    assert reverse("projects:project_edit", args=[project.pk]) not in body
    assert reverse("projects:project_add", args=[station.pk]) not in body


def test_auditor_cannot_read_the_board(client_for, auditor, station, project):
    client = client_for(auditor)
    assert client.get(reverse("projects:board", args=[station.pk])).status_code == 404
    assert client.get(reverse("projects:project", args=[project.pk])).status_code == 404


def test_community_user_writes_own_workrooms_projects_only(
    client_for, community_user, station, project, workroom, workroom_project
):
    client = client_for(community_user)
    # Own workroom: board with write links, edit form opens.
    response = client.get(reverse("projects:board", args=[workroom.pk]))
    assert response.status_code == 200 and response.context["can_write"] is True
    assert client.get(reverse("projects:project_edit", args=[workroom_project.pk])).status_code == (
        200
    )
    # The street's station: not theirs, neither to read nor to write.
    for url in _unit_urls(station) + _project_urls(project):
        assert client.get(url).status_code == 404, url
        assert client.post(url, POST_DATA).status_code == 404, url
    _nothing_changed(project)


def test_community_user_adds_a_project_to_own_workroom(client_for, community_user, workroom):
    data = {
        "name": "两邻茶话会",
        "category": "neighbour_culture",
        "first_year": str(THIS_YEAR),
        "focus_areas": ["community_culture"],
        "reached_on": "2026-01-05",
        "evidence": "入户调研 30 户",
        "declared_non_administrative": "on",
    }
    response = client_for(community_user).post(
        reverse("projects:project_add", args=[workroom.pk]), data
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.unit, project.stage, project.focus_areas) == (
        workroom,
        "research",
        ["community_culture"],
    )


@pytest.mark.parametrize("persona", ["street_clerk", "community_user"])
def test_override_and_flag_are_404_for_who_is_not_the_district(
    client_for, request, persona, workroom_project
):
    client = client_for(request.getfixturevalue(persona))
    for name in ("project_override", "project_flag"):
        url = reverse(f"projects:{name}", args=[workroom_project.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, POST_DATA).status_code == 404
    _nothing_changed(workroom_project)


# The board


def test_board_groups_running_projects_by_category_in_p1_order_with_counts(
    client_for, street_clerk, station
):
    ProjectFactory(unit=station, category="cluster", name="组团一", first_year=2024)
    ProjectFactory(unit=station, category="core", name="红色领航", first_year=2024)
    ProjectFactory(unit=station, category="cluster", name="已结束", first_year=2022, last_year=2023)
    ProjectFactory(unit=station, category="cluster", name="明年开始", first_year=2025)
    response = client_for(street_clerk).get(
        reverse("projects:board", args=[station.pk]), {"year": "2024"}
    )
    groups = response.context["groups"]
    assert [g["code"] for g in groups] == [
        "core",
        "brand_service",
        "brand_governance",
        "cluster",
        "optional",
    ]
    counts = {g["code"]: (g["have"], g["need"]) for g in groups}
    assert counts["core"] == (1, 1)
    assert counts["cluster"] == (1, 3)
    assert counts["optional"] == (0, 0)
    cluster = next(g for g in groups if g["code"] == "cluster")
    assert [p.name for p in cluster["projects"]] == ["组团一"]
    body = response.content.decode()
    assert 'data-have="1" data-need="3"' in body


def test_workroom_board_uses_p2_categories(client_for, street_clerk, workroom):
    response = client_for(street_clerk).get(reverse("projects:board", args=[workroom.pk]))
    assert [g["code"] for g in response.context["groups"]] == [
        "brand_service",
        "consultation",
        "neighbour_culture",
        "backbone",
        "linkage",
    ]
    assert {f.rule for f in response.context["findings"]} == {"P2"}


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("2022", 2022),
        (str(THIS_YEAR + 1), THIS_YEAR + 1),
        ("2021", THIS_YEAR),
        (str(THIS_YEAR + 2), THIS_YEAR),
        ("abc", THIS_YEAR),
        (None, THIS_YEAR),
    ],
)
def test_board_year_defaults_to_this_year_within_2022_to_next_year(
    client_for, street_clerk, station, asked, shown
):
    params = {} if asked is None else {"year": asked}
    response = client_for(street_clerk).get(reverse("projects:board", args=[station.pk]), params)
    assert response.status_code == 200
    assert response.context["year"] == shown
    assert response.context["years"] == list(range(2022, THIS_YEAR + 2))


def test_board_shows_stage_steps_p3_status_and_write_links(client_for, street_clerk, station):
    declared = ProjectFactory(unit=station, name="甲", stage="implementation", budget="12000.50")
    flagged = ProjectFactory(unit=station, name="乙", flagged_administrative=True)
    pending = ProjectFactory(unit=station, name="丙", declared_non_administrative=False)
    response = client_for(street_clerk).get(
        reverse("projects:board", args=[station.pk]), {"year": "2024"}
    )
    cluster = next(g for g in response.context["groups"] if g["code"] == "cluster")
    steps = {p.name: [state for _, state in p.steps] for p in cluster["projects"]}
    assert steps["甲"] == ["done", "done", "current", "todo", "todo"]
    assert steps["乙"] == ["current", "todo", "todo", "todo", "todo"]
    body = response.content.decode()
    assert "12000.50" in body
    for p, status in ((declared, "declared"), (flagged, "flagged"), (pending, "pending")):
        row = body.split(f'data-project="{p.pk}"')[1].split("</tr>")[0]
        assert f'data-p3="{status}"' in row
        assert reverse("projects:project_edit", args=[p.pk]) in row
    assert reverse("projects:project_add", args=[station.pk]) in body


def test_board_findings_are_p1_p3_and_l2_of_the_selected_year(client_for, street_clerk, station):
    for category in ["core", "brand_governance", "cluster", "cluster", "cluster"]:
        ProjectFactory(unit=station, category=category, first_year=2024)
    ProjectFactory(unit=station, category="brand_service", name="暖心品牌", stage="evaluation")
    ProjectFactory(unit=station, name="代办低保", flagged_administrative=True)
    client = client_for(street_clerk)
    url = reverse("projects:board", args=[station.pk])
    findings = client.get(url, {"year": "2024"}).context["findings"]
    by_rule = {(f.rule, f.severity) for f in findings}
    # 123N met; one project flagged (P3 violation); no brand at 长效开展 yet (L2 advice).
    assert by_rule == {("P3", "violation"), ("L2", "advice")}
    # 2023: none of them run yet, every P1 category is short.
    findings_2023 = client.get(url, {"year": "2023"}).context["findings"]
    assert {f.rule for f in findings_2023} == {"P1"}
    assert len(findings_2023) == 4


def test_a_sustained_brand_satisfies_l2_on_the_board(client_for, street_clerk, station):
    """Project.summary() leaves the stage out; the board passes it, so L2 reads it."""
    ProjectFactory(unit=station, category="brand_service", stage="sustained")
    findings = (
        client_for(street_clerk)
        .get(reverse("projects:board", args=[station.pk]), {"year": "2024"})
        .context["findings"]
    )
    assert "L2" not in {f.rule for f in findings}


def test_a_project_of_a_category_not_of_the_units_kind_is_shown_apart(
    client_for, street_clerk, station
):
    stray = ProjectFactory(unit=station, category="consultation", name="错类项目")
    response = client_for(street_clerk).get(
        reverse("projects:board", args=[station.pk]), {"year": "2024"}
    )
    assert response.status_code == 200
    last = response.context["groups"][-1]
    assert last["code"] == "" and last["projects"] == [stray]


@pytest.mark.parametrize("count", [2, 12])
def test_board_query_count_does_not_grow_with_projects(
    client_for, street_clerk, station, django_assert_num_queries, count
):
    for i in range(count):
        ProjectFactory(
            unit=station,
            category=["core", "cluster", "brand_service"][i % 3],
            focus_areas=["elderly_young"],
            stage=["research", "planning", "sustained"][i % 3],
        )
    client = client_for(street_clerk)
    url = reverse("projects:board", args=[station.pk])
    client.get(url)  # warm the session
    # session, user, unit, projects, can_write, the navigation's street, the session's
    # update, and the request's savepoints: the same for 2 and 12 projects.
    with django_assert_num_queries(11):
        response = client.get(url, {"year": "2024"})
    assert sum(g["have"] for g in response.context["groups"]) == count


# The project page


def test_project_page_shows_stage_history_with_override_reason_and_awards(
    client_for, street_clerk, project
):
    from projects.models import Award

    StageRecord.objects.create(
        project=project, stage="research", reached_on=date(2023, 3, 1), evidence="问卷 50 份"
    )
    StageRecord.objects.create(
        project=project,
        stage="evaluation",
        reached_on=date(2024, 3, 1),
        evidence="第三方评估报告",
        override_reason="沿用既有项目方案",
    )
    Award.objects.create(title="大比武一等奖", level="district", year=2024, project=project)
    response = client_for(street_clerk).get(reverse("projects:project", args=[project.pk]))
    body = response.content.decode()
    assert "问卷 50 份" in body and "第三方评估报告" in body
    assert "沿用既有项目方案" in body
    assert "大比武一等奖" in body
    assert [r.stage for r in response.context["records"]] == ["research", "evaluation"]
