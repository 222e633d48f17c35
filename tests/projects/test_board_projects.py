"""A unit's project records: add (starting at 调研 with its evidence), edit (versioned,
never the stage), delete (not with purchases or awards), with the unit kind's categories
(P1/P2), L3 focus areas, G3 purchase domain and P2 neighbouring workrooms."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEvent
from projects.models import Award, Funding, Project, Purchase, StageRecord
from projects.services import projects as services
from tests.factories import WorkroomFactory
from tests.projects.factories import ProjectFactory


@pytest.fixture
def sibling_workroom(street):
    return WorkroomFactory(community=street.communities.all()[1])


def _add(client, unit, **data):
    payload = {
        "name": "幸福食堂",
        "category": "cluster",
        "first_year": "2025",
        "reached_on": "2025-01-10",
        "evidence": "入户调研 50 户",
        "budget": "80000.00",
    }
    payload.update(data)
    return client.post(reverse("projects:project_add", args=[unit.pk]), payload)


def _edit_data(project, **data):
    payload = {
        "name": project.name,
        "category": project.category,
        "first_year": str(project.first_year),
        "version": str(project.version),
    }
    payload.update(data)
    return payload


def test_clerk_adds_a_project_that_starts_at_research_with_its_evidence(
    client_for, street_clerk, station
):
    response = _add(
        client_for(street_clerk),
        station,
        focus_areas=["elderly_young", "safety_net"],
        partners="区卫健局、爱心企业",
        declared_non_administrative="on",
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert response.url == reverse("projects:project", args=[project.pk])
    assert (project.unit, project.stage, project.budget) == (
        station,
        "research",
        Decimal("80000.00"),
    )
    assert project.focus_areas == ["elderly_young", "safety_net"]
    assert project.declared_non_administrative is True
    record = StageRecord.objects.get()
    assert (record.stage, record.reached_on, record.evidence) == (
        "research",
        date(2025, 1, 10),
        "入户调研 50 户",
    )
    assert AuditEvent.objects.get(event="project_add").user == street_clerk


def test_add_without_evidence_writes_nothing(client_for, street_clerk, station):
    response = _add(client_for(street_clerk), station, evidence="")
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    assert not Project.objects.exists() and not StageRecord.objects.exists()


def test_category_choices_are_the_units_kind(client_for, street_clerk, station, workroom):
    client = client_for(street_clerk)
    station_form = client.get(reverse("projects:project_add", args=[station.pk])).context["form"]
    assert [c for c, _ in station_form.fields["category"].choices] == [
        "core",
        "brand_service",
        "brand_governance",
        "cluster",
        "optional",
    ]
    refused = _add(client, workroom, category="cluster")  # a station's category
    assert "category" in refused.context["form"].errors
    assert not Project.objects.exists()


def test_the_service_refuses_a_category_not_of_the_units_kind(street_clerk, workroom):
    with pytest.raises(ValidationError) as e:
        services.project_add(
            unit=workroom,
            actor=street_clerk,
            name="越类",
            category="core",
            first_year=2025,
            reached_on=date(2025, 1, 1),
            evidence="调研",
        )
    assert e.value.error_dict["category"][0].code == "category"
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("first", "last", "ok"),
    [("2022", "", True), ("2021", "", False), ("2025", "2024", False), ("2025", "2025", True)],
)
def test_years_from_2022_and_in_order(client_for, street_clerk, station, first, last, ok):
    response = _add(client_for(street_clerk), station, first_year=first, last_year=last)
    assert (response.status_code == 302) is ok
    assert Project.objects.exists() is ok


def test_a_purchase_needs_its_g3_domain(client_for, street_clerk, station):
    client = client_for(street_clerk)
    refused = _add(client, station, source="purchase")
    assert "purchase_domain" in refused.context["form"].errors
    assert not Project.objects.exists()
    assert _add(client, station, source="purchase", purchase_domain="elderly").status_code == 302
    assert Project.objects.get().purchase_domain == "elderly"


def test_a_domain_is_dropped_when_the_source_is_not_a_purchase(client_for, street_clerk, station):
    assert (
        _add(
            client_for(street_clerk), station, source="venture_fund", purchase_domain="women"
        ).status_code
        == 302
    )
    assert Project.objects.get().purchase_domain == ""


def test_the_service_refuses_an_unknown_domain(street_clerk, station):
    with pytest.raises(ValidationError) as e:
        services.project_add(
            unit=station,
            actor=street_clerk,
            name="购买",
            category="cluster",
            first_year=2025,
            source="purchase",
            purchase_domain="sports",
            reached_on=date(2025, 1, 1),
            evidence="调研",
        )
    assert e.value.error_dict["purchase_domain"][0].code == "purchase_domain"


def test_a_brand_project_records_workrooms_of_its_street(
    client_for, street_clerk, station, workroom, sibling_workroom
):
    client = client_for(street_clerk)
    form = client.get(reverse("projects:project_add", args=[station.pk])).context["form"]
    assert set(form.fields["neighbour_workrooms"].queryset) == {workroom, sibling_workroom}
    response = _add(client, station, category="brand_service", neighbour_workrooms=[workroom.pk])
    assert response.status_code == 302
    assert list(Project.objects.get().neighbour_workrooms.all()) == [workroom]


def test_a_non_brand_project_records_no_neighbouring_workrooms(
    client_for, street_clerk, station, workroom
):
    response = _add(
        client_for(street_clerk), station, category="cluster", neighbour_workrooms=[workroom.pk]
    )
    assert "neighbour_workrooms" in response.context["form"].errors
    assert not Project.objects.exists()


def test_another_streets_workroom_cannot_join(
    client_for, district_user, station, workroom, other_workroom
):
    response = _add(
        client_for(district_user),
        station,
        category="brand_service",
        neighbour_workrooms=[other_workroom.pk],
    )
    assert "neighbour_workrooms" in response.context["form"].errors
    assert not Project.objects.exists()


@pytest.mark.parametrize("neighbour", ["other_workroom", "station", "workroom"])
def test_the_service_refuses_neighbours_not_other_workrooms_of_the_street(
    request, district_user, workroom, neighbour
):
    with pytest.raises(ValidationError) as e:
        services.project_add(
            unit=workroom,
            actor=district_user,
            name="品牌",
            category="brand_service",
            first_year=2025,
            neighbour_workrooms=[request.getfixturevalue(neighbour)],
            reached_on=date(2025, 1, 1),
            evidence="调研",
        )
    assert e.value.error_dict["neighbour_workrooms"][0].code == "neighbours_street"
    assert not Project.objects.exists()


def test_community_user_sees_no_other_workroom_and_keeps_the_neighbours(
    client_for, community_user, workroom, sibling_workroom
):
    project = ProjectFactory(unit=workroom, category="brand_service")
    project.neighbour_workrooms.set([sibling_workroom])
    client = client_for(community_user)
    url = reverse("projects:project_edit", args=[project.pk])
    response = client.get(url)
    assert "neighbour_workrooms" not in response.context["form"].fields
    assert sibling_workroom.name not in response.content.decode()
    assert client.post(url, _edit_data(project, name="暖心品牌")).status_code == 302
    project.refresh_from_db()
    assert project.name == "暖心品牌"
    assert list(project.neighbour_workrooms.all()) == [sibling_workroom]


def test_edit_saves_audited_and_never_changes_the_stage(client_for, street_clerk, station):
    project = ProjectFactory(unit=station, stage="planning")
    response = client_for(street_clerk).post(
        reverse("projects:project_edit", args=[project.pk]),
        _edit_data(project, name="新名称", stage="sustained", focus_areas=["consultation"]),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.stage, project.focus_areas) == (
        "新名称",
        "planning",
        ["consultation"],
    )
    assert project.version == 2
    assert AuditEvent.objects.filter(event="project_update").count() == 1


def test_a_stale_edit_is_refused_and_loses_nothing(client_for, street_clerk, station):
    project = ProjectFactory(unit=station, name="原名")
    client = client_for(street_clerk)
    url = reverse("projects:project_edit", args=[project.pk])
    assert client.post(url, _edit_data(project, name="第一次")).status_code == 302
    stale = client.post(url, _edit_data(project, name="第二次"))  # still version 1
    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors()
    project.refresh_from_db()
    assert project.name == "第一次"


def test_delete_removes_the_project_and_its_stage_history_audited(
    client_for, street_clerk, station
):
    project = ProjectFactory(unit=station)
    StageRecord.objects.create(
        project=project, stage="research", reached_on=date(2024, 1, 1), evidence="调研"
    )
    client = client_for(street_clerk)
    url = reverse("projects:project_delete", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": "1"})
    assert response.status_code == 302
    assert response.url == reverse("projects:board", args=[station.pk])
    assert not Project.objects.exists() and not StageRecord.objects.exists()
    assert AuditEvent.objects.filter(event="project_delete").count() == 1


@pytest.mark.parametrize("kind", ["award", "purchase"])
def test_a_project_with_purchases_or_awards_is_not_deleted(
    client_for, street_clerk, street, station, kind
):
    project = ProjectFactory(unit=station)
    if kind == "award":
        Award.objects.create(title="优秀项目", level="district", year=2024, project=project)
    else:
        funding = Funding.objects.create(year=2024, street=street, venture_fund="100000.00")
        Purchase.objects.create(funding=funding, project=project, amount="20000.00")
    client = client_for(street_clerk)
    url = reverse("projects:project_delete", args=[project.pk])
    page = client.get(url)
    assert page.context["protected"] is True
    assert 'data-refusal="protected"' in page.content.decode()
    refused = client.post(url, {"version": "1"})
    assert refused.status_code == 200
    assert [e.code for e in refused.context["form"].non_field_errors().as_data()] == ["protected"]
    assert Project.objects.filter(pk=project.pk).exists()
    assert not AuditEvent.objects.filter(event="project_delete").exists()


def test_a_stale_delete_is_refused(client_for, street_clerk, station):
    project = ProjectFactory(unit=station)
    response = client_for(street_clerk).post(
        reverse("projects:project_delete", args=[project.pk]), {"version": "0"}
    )
    assert response.status_code == 200
    assert Project.objects.filter(pk=project.pk).exists()


# One project of a name per unit and first year (one_project_name_per_unit_year).


def test_a_duplicate_name_of_the_unit_and_year_is_refused_on_the_form(
    client_for, street_clerk, station, workroom
):
    ProjectFactory(unit=station, name="幸福食堂", first_year=2025)
    client = client_for(street_clerk)
    refused = _add(client, station, name="幸福食堂", first_year="2025")
    assert refused.status_code == 200
    assert refused.context["form"].has_error("name", code="duplicate")
    assert Project.objects.count() == 1
    assert not StageRecord.objects.exists()
    assert not AuditEvent.objects.filter(event="project_add").exists()
    # Another year, another unit: no duplicate.
    assert _add(client, station, name="幸福食堂", first_year="2026").status_code == 302
    assert _add(client, workroom, name="幸福食堂", category="brand_service").status_code == 302
    assert Project.objects.count() == 3


def test_an_edit_to_a_duplicate_name_is_refused_and_keeps_its_own(
    client_for, street_clerk, station
):
    ProjectFactory(unit=station, name="幸福食堂", first_year=2025)
    project = ProjectFactory(unit=station, name="邻里守望", first_year=2025)
    client = client_for(street_clerk)
    url = reverse("projects:project_edit", args=[project.pk])
    refused = client.post(url, _edit_data(project, name="幸福食堂"))
    assert refused.status_code == 200
    assert refused.context["form"].has_error("name", code="duplicate")
    project.refresh_from_db()
    assert (project.name, project.version) == ("邻里守望", 1)
    assert not AuditEvent.objects.filter(event="project_update").exists()
    # Its own name is no duplicate of itself; moving to another year frees the name.
    assert client.post(url, _edit_data(project, budget="1.00")).status_code == 302
    moved = client.post(url, _edit_data(project, name="幸福食堂", first_year="2026", version="2"))
    assert moved.status_code == 302


def _add_by_service(unit, actor, name="幸福食堂"):
    return services.project_add(
        unit=unit,
        actor=actor,
        name=name,
        category="cluster",
        first_year=2025,
        reached_on=date(2025, 1, 1),
        evidence="调研",
    )


def test_the_service_refuses_a_duplicate_name_and_writes_nothing(street_clerk, station):
    first = _add_by_service(station, street_clerk)
    with pytest.raises(ValidationError) as e:
        _add_by_service(station, street_clerk)
    assert [err.code for err in e.value.error_dict["name"]] == ["duplicate"]
    other = _add_by_service(station, street_clerk, name="邻里守望")
    with pytest.raises(ValidationError) as e:
        services.project_update(
            project=other,
            version=other.version,
            actor=street_clerk,
            name=first.name,
            category=other.category,
            first_year=other.first_year,
        )
    assert [err.code for err in e.value.error_dict["name"]] == ["duplicate"]
    assert sorted(Project.objects.values_list("name", flat=True)) == ["幸福食堂", "邻里守望"]
    assert StageRecord.objects.count() == 2
    assert AuditEvent.objects.filter(event="project_add").count() == 2
    assert not AuditEvent.objects.filter(event="project_update").exists()


@pytest.mark.parametrize("model_check", [True, False], ids=["model_check", "database"])
def test_a_duplicate_name_that_races_past_the_check_is_the_same_refusal(
    monkeypatch, street_clerk, station, model_check
):
    """A project of the name saved between the service's check and its save: the model's
    check of the constraint, or else the database's, refuses it under ``name``, not a 500."""
    first = _add_by_service(station, street_clerk)
    other = _add_by_service(station, street_clerk, name="邻里守望")
    monkeypatch.setattr(services, "_check_name", lambda *args, **kwargs: None)
    if not model_check:
        monkeypatch.setattr(Project, "validate_constraints", lambda self, **kw: None)
    with pytest.raises(ValidationError) as add:
        _add_by_service(station, street_clerk)
    with pytest.raises(ValidationError) as update:
        services.project_update(
            project=other,
            version=other.version,
            actor=street_clerk,
            name=first.name,
            category=other.category,
            first_year=other.first_year,
        )
    for refused in (add.value, update.value):
        assert [err.code for err in refused.error_dict["name"]] == ["duplicate"]
    assert sorted(Project.objects.values_list("name", flat=True)) == ["幸福食堂", "邻里守望"]
    assert StageRecord.objects.count() == 2
    assert Project.objects.get(pk=other.pk).version == 1
