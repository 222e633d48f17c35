"""A unit's three lists (L1) kept through the portal's own pages, not the admin: resources
carry a five-party tag (L4).

Each write is scoped (out of scope: 404, for GET and POST alike, and nothing written),
refuses bad input with a Chinese message naming the field and writes nothing, and leaves a
history record.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stations import services
from stations.models import ListItem
from tests.factories import ListItemFactory


def _body(response):
    return response.content.decode()


def _urls(unit, item):
    return [
        reverse("stations:list_item_add", args=[unit.pk]),
        reverse("stations:list_item_edit", args=[item.pk]),
        reverse("stations:list_item_delete", args=[item.pk]),
    ]


def test_street_clerk_adds_a_resource_with_its_five_party_tag(client_for, street_clerk, station):
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {
        "list": "resources",
        "title": "辖区律师志愿队",
        "detail": "每月两次",
        "party": "volunteers",
    }
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 302
    assert response.url == station.get_absolute_url()
    item = ListItem.objects.get()
    assert (item.unit, item.list, item.title, item.detail, item.party) == (
        station,
        "resources",
        "辖区律师志愿队",
        "每月两次",
        "volunteers",
    )


def test_five_party_tag_on_a_needs_item_is_refused_naming_the_field(
    client_for, street_clerk, station
):
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {"list": "needs", "title": "助餐需求", "party": "charity"}
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert "五社联动类别：只有优势资源清单的条目可标注五社联动类别。" in _body(response)
    assert ListItem.objects.count() == 0


def test_list_item_without_title_is_refused_naming_the_field(client_for, street_clerk, station):
    url = reverse("stations:list_item_add", args=[station.pk])
    response = client_for(street_clerk).post(url, {"list": "needs", "title": ""})
    assert response.status_code == 200
    assert "名称：" in _body(response)
    assert ListItem.objects.count() == 0


def test_street_clerk_edits_a_list_item(client_for, street_clerk, item):
    url = reverse("stations:list_item_edit", args=[item.pk])
    data = {"list": "projects", "title": "长者助餐项目", "detail": "", "party": "", "version": 1}
    assert client_for(street_clerk).post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.list, item.title) == ("projects", "长者助餐项目")


def test_community_user_keeps_the_lists_of_own_workroom(client_for, community_user, workroom):
    url = reverse("stations:list_item_add", args=[workroom.pk])
    response = client_for(community_user).post(url, {"list": "needs", "title": "托育"})
    assert response.status_code == 302
    assert workroom.list_items.get().title == "托育"


def test_community_user_cannot_write_the_station_lists(client_for, community_user, station, item):
    client = client_for(community_user)
    for url in _urls(station, item):
        assert client.get(url).status_code == 404
        assert client.post(url, {"list": "needs", "title": "x"}).status_code == 404
    assert ListItem.objects.count() == 1


def test_list_item_delete_get_asks_and_keeps_the_item(client_for, street_clerk, item):
    url = reverse("stations:list_item_delete", args=[item.pk])
    response = client_for(street_clerk).get(url)
    assert response.status_code == 200
    assert "独居老人助餐" in _body(response) and 'method="post"' in _body(response)
    assert ListItem.objects.filter(pk=item.pk).exists()


def test_list_item_delete_post_removes_it_and_history_keeps_who(client_for, street_clerk, item):
    url = reverse("stations:list_item_delete", args=[item.pk])
    response = client_for(street_clerk).post(url, {"version": 1})
    assert response.status_code == 302
    assert not ListItem.objects.filter(pk=item.pk).exists()
    deleted = ListItem.history.get(id=item.pk, history_type="-")
    assert deleted.history_user == street_clerk and deleted.title == "独居老人助餐"


def test_list_item_history_records_the_edit_and_who(client_for, street_clerk, item):
    url = reverse("stations:list_item_edit", args=[item.pk])
    data = {"list": "needs", "title": "助浴需求", "detail": "", "party": "", "version": 1}
    client_for(street_clerk).post(url, data)
    latest = item.history.first()
    assert latest.history_type == "~"
    assert latest.title == "助浴需求" and latest.history_user == street_clerk
    assert item.history.last().title == "独居老人助餐"


def test_street_clerk_gets_404_for_another_streets_list(
    client_for, street_clerk, other_station, other_item
):
    client = client_for(street_clerk)
    for url in _urls(other_station, other_item):
        assert client.get(url).status_code == 404
        assert client.post(url, {"list": "needs", "title": "越权"}).status_code == 404
    other_item.refresh_from_db()
    assert other_item.title == "外街道需求"
    assert ListItem.objects.count() == 1


@pytest.mark.parametrize("persona", ["supervisor", "auditor"])
def test_read_only_roles_get_404_on_list_urls(client_for, request, persona, station, item):
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(station, item):
        assert client.get(url).status_code == 404
        assert client.post(url, {"list": "needs", "title": "x"}).status_code == 404
    assert ListItem.objects.count() == 1


def test_unit_page_shows_the_new_item_under_its_list_with_links(client_for, street_clerk, station):
    client = client_for(street_clerk)
    client.post(
        reverse("stations:list_item_add", args=[station.pk]),
        {"list": "resources", "title": "慈善基金", "party": "charity"},
    )
    body = _body(client.get(station.get_absolute_url()))
    item = ListItem.objects.get()
    assert "优势资源清单" in body and "慈善基金" in body and "社会慈善资源" in body
    assert reverse("stations:list_item_edit", args=[item.pk]) in body
    assert reverse("stations:list_item_delete", args=[item.pk]) in body


def _unit_page_queries(client, unit):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(unit.get_absolute_url()).status_code == 200
    return len(ctx)


def test_unit_page_query_count_does_not_grow_with_list_items(
    client_for, street_clerk, station, django_assert_num_queries
):
    client = client_for(street_clerk)
    ListItemFactory.create_batch(3, unit=station, resource=True, party="charity")
    at_three = _unit_page_queries(client, station)
    for i in range(3, 12):
        ListItemFactory(unit=station, list=["needs", "resources", "projects"][i % 3])
    with django_assert_num_queries(at_three):
        client.get(station.get_absolute_url())


# The service refuses what the model forbids even without a form in front of it.


def test_list_item_service_refuses_a_tag_on_a_needs_item(station):
    with pytest.raises(ValidationError):
        services.list_item_add(unit=station, list="needs", title="助餐", party="charity")
    assert ListItem.objects.count() == 0
