"""The people list: who sees whom, the filters, and the navigation link to it.

That the supervisor and the auditor get 404 for the list is the scope sweep's
(``tests/test_scope_sweep.py``, ``ROLE_PAGES``)."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, PostFactory

PEOPLE = reverse("staffing:people")


def _body(response):
    return response.content.decode()


# Who sees whom


@pytest.mark.parametrize("persona", ["district_user", "street_clerk", "community_user"])
def test_people_list_opens_for_district_street_and_community(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(PEOPLE).status_code == 200


def test_street_clerk_lists_own_street_people_only(client_for, street_clerk, person, other_person):
    body = _body(client_for(street_clerk).get(PEOPLE))
    assert person.name in body
    assert other_person.name not in body


def test_community_user_lists_the_people_of_their_workroom(
    client_for, community_user, street, workroom, person
):
    worker = PostFactory(unit=workroom, person__name="社区岗人员").person
    client = client_for(community_user)
    body = _body(client.get(PEOPLE))
    assert worker.name in body
    assert person.name not in body  # at the station, not the workroom
    assert client.get(worker.get_absolute_url()).status_code == 200
    edit = reverse("staffing:person_edit", args=[worker.pk])
    assert client.get(edit).status_code == 404


def test_nav_links_by_role(client_for, district_user, street_clerk, station):
    body = _body(client_for(district_user).get(reverse("district")))
    assert 'href="/staffing/people/"' in body and 'href="/staffing/tenure/"' in body
    body = _body(client_for(street_clerk).get(station.get_absolute_url()))
    assert 'href="/staffing/people/"' in body and 'href="/staffing/tenure/"' not in body


# Filters


def test_search_matches_name_or_the_whole_id_number_only(client_for, street_clerk, person, street):
    PersonFactory(street=street, name="另一人")
    client = client_for(street_clerk)
    assert "另一人" not in _body(client.get(PEOPLE, {"q": "小明"}))
    # An ID number leaves the address at once (tests/staffing/test_people_search.py).
    body = _body(client.get(PEOPLE, {"q": person.id_number.lower()}, follow=True))
    assert person.name in body and "另一人" not in body
    # Part of a number finds nobody: the box cannot probe for partial ID numbers.
    assert person.name not in _body(client.get(PEOPLE, {"q": person.id_number[:10]}, follow=True))


def test_filters_by_post_unit_and_certificate(
    client_for, street_clerk, street, station, workroom, person
):
    worker = PostFactory(unit=workroom, person__name="工作室社工").person
    left = PostFactory(unit=workroom, person__name="已离任者", end=date(2021, 1, 1)).person
    client = client_for(street_clerk)
    body = _body(client.get(PEOPLE, {"post": "workroom_social_worker"}))
    assert worker.name in body and person.name not in body and left.name not in body
    body = _body(client.get(PEOPLE, {"unit": station.pk}))
    assert person.name in body and worker.name not in body
    body = _body(client.get(PEOPLE, {"unit": workroom.pk, "post": "social_worker"}))
    assert person.name not in body and worker.name not in body
    body = _body(client.get(PEOPLE, {"certified": "yes"}))
    assert person.name in body and worker.name not in body
    body = _body(client.get(PEOPLE, {"certified": "no"}))
    assert worker.name in body and person.name not in body


def test_street_filter_is_for_the_district_only(
    client_for, district_user, street_clerk, person, other_person, other_street
):
    body = _body(client_for(district_user).get(PEOPLE, {"street": other_street.pk}))
    assert other_person.name in body and person.name not in body
    assert 'name="street"' not in _body(client_for(street_clerk).get(PEOPLE))


def test_a_unit_outside_scope_is_not_a_filter_choice(
    client_for, street_clerk, person, other_station
):
    response = client_for(street_clerk).get(PEOPLE, {"unit": other_station.pk})
    assert response.status_code == 200
    body = _body(response)
    assert other_station.name not in body.split("</form>")[1]
    assert "选择一个有效的选项" in body
