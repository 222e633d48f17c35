"""A street's schools and the units that serve them (T4), kept through the portal's own
pages: scoped (404 and nothing written out of scope), refused in Chinese naming the field,
with history of the served units."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stations import services
from stations.models import School


def _body(response):
    return response.content.decode()


def test_street_clerk_adds_a_school_served_by_the_streets_units(
    client_for, street_clerk, street, station, workroom
):
    url = reverse("stations:school_add", args=[street.pk])
    data = {"name": "清波中学", "served_by": [station.pk, workroom.pk]}
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 302
    assert response.url == street.get_absolute_url()
    school = School.objects.get()
    assert (school.street, school.name) == (street, "清波中学")
    assert set(school.served_by.all()) == {station, workroom}


def test_duplicate_school_name_in_the_street_is_refused_naming_the_field(
    client_for, street_clerk, street, school
):
    url = reverse("stations:school_add", args=[street.pk])
    response = client_for(street_clerk).post(url, {"name": "清波小学"})
    assert response.status_code == 200
    assert "名称：本街道已有同名学校。" in _body(response)
    assert School.objects.count() == 1


def test_same_school_name_in_another_street_is_fine(
    client_for, district_user, street, other_school
):
    url = reverse("stations:school_add", args=[street.pk])
    assert client_for(district_user).post(url, {"name": "湖滨小学"}).status_code == 302
    assert School.objects.filter(name="湖滨小学").count() == 2


def test_a_school_cannot_be_served_by_another_streets_unit(
    client_for, street_clerk, street, other_station
):
    url = reverse("stations:school_add", args=[street.pk])
    data = {"name": "清波中学", "served_by": [other_station.pk]}
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert "服务的站（室）：" in _body(response)
    assert School.objects.count() == 0


def test_school_form_offers_only_the_streets_units(
    client_for, street_clerk, street, station, other_station
):
    body = _body(client_for(street_clerk).get(reverse("stations:school_add", args=[street.pk])))
    assert 'type="checkbox"' in body
    assert station.name in body and other_station.name not in body


def test_street_clerk_edits_a_school_and_history_records_the_served_units(
    client_for, street_clerk, school, station, workroom
):
    school.served_by.set([station])
    url = reverse("stations:school_edit", args=[school.pk])
    data = {"name": "清波实验小学", "served_by": [workroom.pk], "version": 1}
    assert client_for(street_clerk).post(url, data).status_code == 302
    school.refresh_from_db()
    assert school.name == "清波实验小学"
    assert list(school.served_by.all()) == [workroom]
    latest = school.history.first()
    assert latest.history_user == street_clerk
    assert [m.unit_id for m in latest.served_by.all()] == [workroom.pk]


def test_renaming_a_school_to_its_own_name_is_fine(client_for, street_clerk, school):
    url = reverse("stations:school_edit", args=[school.pk])
    data = {"name": "清波小学", "version": 1}
    assert client_for(street_clerk).post(url, data).status_code == 302


def test_street_clerk_gets_404_for_another_streets_schools(
    client_for, street_clerk, other_street, other_school
):
    client = client_for(street_clerk)
    for url in [
        reverse("stations:school_add", args=[other_street.pk]),
        reverse("stations:school_edit", args=[other_school.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "越权学校"}).status_code == 404
    other_school.refresh_from_db()
    assert other_school.name == "湖滨小学"
    assert School.objects.count() == 1


@pytest.mark.parametrize("persona", ["supervisor", "auditor", "community_user"])
def test_read_only_roles_get_404_on_school_urls(client_for, request, persona, street, school):
    client = client_for(request.getfixturevalue(persona))
    for url in [
        reverse("stations:school_add", args=[street.pk]),
        reverse("stations:school_edit", args=[school.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "新学校"}).status_code == 404
    assert School.objects.count() == 1


def test_street_page_lists_the_schools_and_who_serves_them(
    client_for, street_clerk, street, school, workroom
):
    school.served_by.set([workroom])
    body = _body(client_for(street_clerk).get(street.get_absolute_url()))
    assert "清波小学" in body and workroom.name in body
    assert reverse("stations:school_edit", args=[school.pk]) in body


def test_unit_page_shows_the_school_it_serves(client_for, community_user, workroom, school):
    school.served_by.set([workroom])
    body = _body(client_for(community_user).get(workroom.get_absolute_url()))
    assert "清波小学" in body


# The service refuses what the model forbids even without a form in front of it.


def test_school_service_refuses_another_streets_unit(street, other_station):
    with pytest.raises(ValidationError) as e:
        services.school_add(street=street, name="清波中学", served_by=[other_station])
    assert "served_by" in e.value.message_dict
    assert School.objects.count() == 0


def test_school_service_refuses_a_duplicate_name(street, school):
    with pytest.raises(ValidationError):
        services.school_add(street=street, name="清波小学")
    assert School.objects.count() == 1
