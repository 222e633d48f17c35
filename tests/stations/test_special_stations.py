"""A station's special stations (F9) kept through the portal's own pages: scoped (404 and
nothing written out of scope), refused in Chinese naming the field, with history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stations import services
from stations.models import SpecialStation


def _body(response):
    return response.content.decode()


def _urls(station, special):
    return [
        reverse("stations:special_station_add", args=[station.pk]),
        reverse("stations:special_station_edit", args=[special.pk]),
        reverse("stations:special_station_delete", args=[special.pk]),
    ]


def test_street_clerk_adds_a_special_station(client_for, street_clerk, station):
    url = reverse("stations:special_station_add", args=[station.pk])
    data = {"name": "未成年人保护工作站", "field": "未成年人保护"}
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 302
    special = SpecialStation.objects.get()
    assert (special.station, special.name, special.field) == (
        station,
        "未成年人保护工作站",
        "未成年人保护",
    )
    assert special.history.get().history_user == street_clerk


def test_special_station_without_field_is_refused_naming_it(client_for, street_clerk, station):
    url = reverse("stations:special_station_add", args=[station.pk])
    response = client_for(street_clerk).post(url, {"name": "司法工作站", "field": ""})
    assert response.status_code == 200
    assert "服务领域：" in _body(response)
    assert SpecialStation.objects.count() == 0


def test_a_workroom_has_no_special_stations(client_for, street_clerk, workroom):
    url = reverse("stations:special_station_add", args=[workroom.pk])
    client = client_for(street_clerk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "司法工作站", "field": "司法"}).status_code == 404
    assert SpecialStation.objects.count() == 0


def test_street_clerk_edits_a_special_station_and_history_records_it(
    client_for, street_clerk, special
):
    url = reverse("stations:special_station_edit", args=[special.pk])
    data = {"name": "青少年服务站", "field": "青少年", "version": 1}
    assert client_for(street_clerk).post(url, data).status_code == 302
    special.refresh_from_db()
    assert (special.name, special.field) == ("青少年服务站", "青少年")
    assert [h.name for h in special.history.all()] == ["青少年服务站", "未成年人保护工作站"]


def test_special_station_delete_asks_first_and_deletes_on_post(client_for, street_clerk, special):
    url = reverse("stations:special_station_delete", args=[special.pk])
    client = client_for(street_clerk)
    assert client.get(url).status_code == 200
    assert SpecialStation.objects.filter(pk=special.pk).exists()
    assert client.post(url, {"version": 1}).status_code == 302
    assert not SpecialStation.objects.filter(pk=special.pk).exists()
    assert SpecialStation.history.filter(id=special.pk, history_type="-").exists()


def test_street_clerk_gets_404_for_another_streets_special_stations(
    client_for, street_clerk, other_station, other_special
):
    client = client_for(street_clerk)
    for url in _urls(other_station, other_special):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "越权", "field": "越权"}).status_code == 404
    other_special.refresh_from_db()
    assert other_special.name == "司法工作站"
    assert SpecialStation.objects.count() == 1


@pytest.mark.parametrize("persona", ["supervisor", "auditor", "community_user"])
def test_read_only_roles_get_404_on_special_station_urls(
    client_for, request, persona, station, special
):
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(station, special):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "x", "field": "x"}).status_code == 404
    assert SpecialStation.objects.count() == 1


def test_unit_page_shows_the_special_station_with_links(client_for, street_clerk, station, special):
    body = _body(client_for(street_clerk).get(station.get_absolute_url()))
    assert "未成年人保护工作站" in body
    assert reverse("stations:special_station_edit", args=[special.pk]) in body
    assert reverse("stations:special_station_add", args=[station.pk]) in body


# The service refuses what the model forbids even without a form in front of it.


def test_special_station_service_refuses_a_workroom(workroom):
    with pytest.raises(ValidationError) as e:
        services.special_station_add(station=workroom, name="司法工作站", field="司法")
    assert "station" in e.value.message_dict
    assert SpecialStation.objects.count() == 0
