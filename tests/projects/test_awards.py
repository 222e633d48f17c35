"""G5 competition awards: who reads which, the district records them for exactly one
project, case study or person, stale edits are refused, the list's queries do not grow."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from projects.models import Award
from projects.services import awards as services
from tests.factories import PersonFactory, StationFactory
from tests.projects.factories import CaseStudyFactory, ProjectFactory

AWARDS = reverse("projects:awards")
ADD = reverse("projects:award_add")


def _award(*, year=2025, title="优秀项目", **target):
    return Award.objects.create(title=title, level="district", year=year, **target)


@pytest.fixture
def project(station):
    return ProjectFactory(unit=station, name="邻里守望", first_year=2024, last_year=2025)


@pytest.fixture
def workroom_case(workroom):
    return CaseStudyFactory(unit=workroom, year=2025, title="助老个案")


@pytest.fixture
def person(street):
    return PersonFactory(street=street, name="张晓燕")


@pytest.fixture
def awards(project, workroom_case, person, other_station, other_street):
    """One award for each target in the street, and one of each in the other street."""
    return {
        "project": _award(title="项目奖", project=project),
        "case": _award(title="案例奖", case_study=workroom_case),
        "person": _award(title="社工奖", person=person),
        "other_project": _award(title="外项目奖", project=ProjectFactory(unit=other_station)),
        "other_case": _award(
            title="外案例奖", case_study=CaseStudyFactory(unit=other_station, year=2025)
        ),
        "other_person": _award(title="外社工奖", person=PersonFactory(street=other_street)),
    }


def _listed(client, **params) -> set[str]:
    response = client.get(AWARDS, params)
    assert response.status_code == 200
    return {award.title for award in response.context["page"]}


# The list: who sees which.


def test_district_sees_every_award(client_for, district_user, awards):
    assert _listed(client_for(district_user)) == {a.title for a in awards.values()}


def test_street_clerk_sees_awards_of_their_street_only(client_for, street_clerk, awards):
    assert _listed(client_for(street_clerk)) == {"项目奖", "案例奖", "社工奖"}


def test_community_user_sees_awards_of_their_workroom_only(client_for, community_user, awards):
    # the case study is the workroom's; the project is the station's, the person the street's
    assert _listed(client_for(community_user)) == {"案例奖"}


def test_supervisor_without_units_sees_no_award(client_for, supervisor, awards):
    assert _listed(client_for(supervisor)) == set()


def test_auditor_cannot_open_the_awards_list(client_for, auditor, awards):
    assert client_for(auditor).get(AWARDS).status_code == 404


def test_year_filter_keeps_that_year(client_for, district_user, project):
    _award(title="二〇二四", year=2024, project=project)
    _award(title="二〇二五", year=2025, project=project)
    client = client_for(district_user)
    assert _listed(client, year=2024) == {"二〇二四"}
    assert _listed(client) == {"二〇二四", "二〇二五"}


def test_out_of_range_year_filter_is_an_error_not_a_filter(client_for, district_user, project):
    _award(title="二〇二五", year=2025, project=project)
    response = client_for(district_user).get(AWARDS, {"year": 2021})
    assert response.status_code == 200
    assert response.context["year_form"].has_error("year", code="min_value")
    assert {a.title for a in response.context["page"]} == {"二〇二五"}


def test_list_shows_the_person_name_and_links_the_unit(client_for, district_user, awards):
    content = client_for(district_user).get(AWARDS).content.decode()
    assert "张晓燕" in content
    assert reverse("unit", args=[awards["project"].project.unit_id]) in content
    assert reverse("projects:award_edit", args=[awards["project"].pk]) in content


def test_clerk_sees_no_edit_links(client_for, street_clerk, awards):
    content = client_for(street_clerk).get(AWARDS).content.decode()
    assert reverse("projects:award_edit", args=[awards["project"].pk]) not in content


def _grow(street, station, workroom, n):
    """``n`` awards of each kind in the street."""
    for i in range(n):
        _award(title=f"项目{i}", project=ProjectFactory(unit=station))
        _award(title=f"案例{i}", case_study=CaseStudyFactory(unit=workroom, year=2025))
        _award(title=f"社工{i}", person=PersonFactory(street=street))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["district_user", "street_clerk"])
def test_awards_list_queries_do_not_grow(
    request, client_for, street, station, workroom, django_assert_num_queries, persona
):
    client = client_for(request.getfixturevalue(persona))
    _grow(street, station, workroom, 1)
    few = _queries(client, AWARDS)
    _grow(street, station, workroom, 12)
    assert Award.objects.count() == 39
    with django_assert_num_queries(few):
        client.get(AWARDS)


# Recording: the district only, exactly one target.


def _post(client, url, **fields):
    data = {"title": "优秀社会工作服务项目", "level": "municipal", "year": 2025}
    data.update({k: v for k, v in fields.items() if v is not None})
    return client.post(url, data)


def test_district_records_an_award_for_a_project(client_for, district_user, project):
    response = _post(client_for(district_user), ADD, project=project.pk)
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.project, award.level, award.year) == (project, "municipal", 2025)
    event = AuditEvent.objects.get(event="award_add")
    assert event.user == district_user


def test_district_records_an_award_for_a_person_of_a_chosen_street(
    client_for, district_user, person, street
):
    response = _post(client_for(district_user), ADD, street=street.pk, person=person.pk)
    assert response.status_code == 302
    assert Award.objects.get().person == person


def test_person_not_on_the_chosen_streets_roster_is_refused(
    client_for, district_user, person, other_street
):
    response = _post(client_for(district_user), ADD, street=other_street.pk, person=person.pk)
    assert response.status_code == 200
    assert response.context["form"].has_error("person", code="invalid_choice")
    assert not Award.objects.exists()


def test_award_without_a_target_is_refused(client_for, district_user):
    response = _post(client_for(district_user), ADD)
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="one_target")
    assert not Award.objects.exists()
    assert not AuditEvent.objects.filter(event="award_add").exists()


def test_award_with_two_targets_is_refused(client_for, district_user, project, workroom_case):
    response = _post(
        client_for(district_user), ADD, project=project.pk, case_study=workroom_case.pk
    )
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="one_target")
    assert not Award.objects.exists()


def test_service_refuses_an_award_for_all_three(district_user, project, workroom_case, person):
    with pytest.raises(ValidationError) as refused:
        services.award_add(
            actor=district_user,
            ip=None,
            title="三合一",
            level="district",
            year=2025,
            project=project,
            case_study=workroom_case,
            person=person,
        )
    assert refused.value.code == "one_target"
    assert not Award.objects.exists()


@pytest.mark.parametrize("year, listed", [(2023, False), (2024, True), (2025, True), (2026, False)])
def test_project_choices_are_those_running_in_the_year(
    client_for, district_user, project, year, listed
):
    # the project runs 2024–2025
    response = client_for(district_user).get(ADD, {"year": year})
    assert (project in response.context["form"].fields["project"].queryset) is listed


def test_project_not_running_in_the_year_is_refused(client_for, district_user, project):
    response = _post(client_for(district_user), ADD, year=2026, project=project.pk)
    assert response.context["form"].has_error("project", code="invalid_choice")
    assert not Award.objects.exists()


def test_case_study_of_another_year_is_refused(client_for, district_user, workroom_case):
    response = _post(client_for(district_user), ADD, year=2024, case_study=workroom_case.pk)
    assert response.context["form"].has_error("case_study", code="invalid_choice")


def test_people_are_listed_only_for_the_chosen_street(
    client_for, district_user, person, street, other_street
):
    PersonFactory(street=other_street)
    client = client_for(district_user)
    assert not client.get(ADD).context["form"].fields["person"].queryset.exists()
    listed = client.get(ADD, {"street": street.pk}).context["form"].fields["person"].queryset
    assert list(listed) == [person]


@pytest.mark.parametrize(
    "persona", ["street_clerk", "other_street_clerk", "community_user", "supervisor", "auditor"]
)
def test_only_the_district_may_record_awards(request, client_for, project, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(ADD).status_code == 404
    assert _post(client, ADD, project=project.pk).status_code == 404
    assert not Award.objects.exists()


@pytest.mark.parametrize("name", ["projects:award_edit", "projects:award_delete"])
@pytest.mark.parametrize(
    "persona", ["street_clerk", "other_street_clerk", "community_user", "supervisor", "auditor"]
)
def test_award_pages_are_404_for_everyone_but_the_district(
    request, client_for, awards, persona, name
):
    award = awards["project"]  # the clerk and the community user's street even
    client = client_for(request.getfixturevalue(persona))
    url = reverse(name, args=[award.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": award.version, "title": "改"}).status_code == 404
    award.refresh_from_db()
    assert award.title == "项目奖"


def test_unknown_award_is_404(client_for, district_user):
    assert (
        client_for(district_user).get(reverse("projects:award_edit", args=[999])).status_code == 404
    )


# Editing and deleting: versioned.


def test_district_edits_an_award(client_for, district_user, project, workroom_case):
    award = _award(project=project)
    url = reverse("projects:award_edit", args=[award.pk])
    client = client_for(district_user)
    form = client.get(url).context["form"]
    assert form.initial["project"] == project.pk
    response = _post(client, url, version=award.version, case_study=workroom_case.pk)
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.project, award.case_study, award.version) == (None, workroom_case, 2)
    assert AuditEvent.objects.filter(event="award_update").exists()


def test_edit_keeps_the_current_project_choosable_outside_the_year(
    client_for, district_user, project
):
    # the project runs 2024–2025; an older award for it in 2026 may still be saved
    award = _award(year=2026, project=project)
    url = reverse("projects:award_edit", args=[award.pk])
    response = _post(client_for(district_user), url, version=1, year=2026, project=project.pk)
    assert response.status_code == 302


def test_stale_award_edit_is_refused(client_for, district_user, project):
    award = _award(project=project)
    url = reverse("projects:award_edit", args=[award.pk])
    client = client_for(district_user)
    assert _post(client, url, version=1, title="先保存", project=project.pk).status_code == 302
    response = _post(client, url, version=1, title="后保存", project=project.pk)
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="stale")
    award.refresh_from_db()
    assert award.title == "先保存"


def test_delete_asks_first_then_deletes_and_audits(client_for, district_user, project):
    award = _award(project=project)
    url = reverse("projects:award_delete", args=[award.pk])
    client = client_for(district_user)
    assert client.get(url).status_code == 200
    assert Award.objects.filter(pk=award.pk).exists()
    assert client.post(url, {"version": award.version}).status_code == 302
    assert not Award.objects.filter(pk=award.pk).exists()
    assert AuditEvent.objects.filter(event="award_delete", object="优秀项目").exists()


def test_stale_award_delete_is_refused(client_for, district_user, project):
    award = _award(project=project)
    award.save()  # someone saved it after the confirmation page was opened: version 2
    url = reverse("projects:award_delete", args=[award.pk])
    response = client_for(district_user).post(url, {"version": 1})
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="stale")
    assert Award.objects.filter(pk=award.pk).exists()


def test_award_of_another_station_is_listed_for_the_district_with_its_unit(
    client_for, district_user
):
    station = StationFactory()
    _award(project=ProjectFactory(unit=station))
    content = client_for(district_user).get(AWARDS).content.decode()
    assert station.name in content


HUGE = "9" * 25


@pytest.mark.parametrize(
    "data",
    [
        {"street": HUGE, "person": HUGE},
        {"project": HUGE, "case_study": HUGE, "year": HUGE},
        {"year": "abc", "street": "x"},
    ],
    ids=["huge street and person", "huge project, case and year", "not numbers"],
)
def test_bad_numbers_are_form_errors_not_server_errors(client_for, district_user, data):
    client = client_for(district_user)
    assert client.get(ADD, data).status_code == 200
    response = _post(client, ADD, **data)
    assert response.status_code == 200
    assert not response.context["form"].is_valid()
    assert not Award.objects.exists()


def test_huge_award_pk_is_404(client_for, district_user):
    url = reverse("projects:award_edit", args=[int(HUGE)])
    assert client_for(district_user).get(url).status_code == 404
