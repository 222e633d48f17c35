"""Unit page findings and the unit edit form: Chinese messages, nothing half-saved."""

from django.urls import reverse

from shangcheng import rules
from tests.factories import WorkroomFactory


def _station_post(unit, **overrides):
    data = {
        "version": unit.version,
        "name": rules.expected_station_name(unit.street.name),
        "brand": "清波善治",
        "address": "清波街道党群服务中心",
        "service_place": "party_mass_centre",
        "mode": "self",
        "contractor": "",
        "rooms": list(rules.STATION_ROOMS),
        "systems": list(rules.STATION_SYSTEMS),
        "has_service_window": "on",
        "shows_service_list": "on",
        "displays": list(rules.STATION_DISPLAYS),
        "uses_logo": "on",
        "signage_on_wall": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_unit_page_shows_f_findings_with_rule_and_clause(client_for, street_clerk, station):
    client = client_for(street_clerk)
    body = client.get(station.get_absolute_url()).content.decode()
    assert "F1" in body and "§4(2)" in body
    assert 'href="/rules/#rule-F1"' in body


def test_complete_station_has_no_premises_findings(client_for, street_clerk, station):
    client = client_for(street_clerk)
    response = client.post(reverse("stations:unit_edit", args=[station.pk]), _station_post(station))
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.version == 2
    from stations.compliance import premises_findings

    assert premises_findings(station) == []


def test_wrong_station_name_is_refused_in_chinese_naming_the_field(
    client_for, street_clerk, station
):
    client = client_for(street_clerk)
    response = client.post(
        reverse("stations:unit_edit", args=[station.pk]),
        _station_post(station, name="清波街道社工站", brand="新品牌"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "名称" in body and "杭州市上城区清波街道社会工作站" in body
    station.refresh_from_db()
    assert station.brand == ""  # nothing half-saved


def test_mixed_station_without_contractor_is_refused(client_for, street_clerk, station):
    client = client_for(street_clerk)
    response = client.post(
        reverse("stations:unit_edit", args=[station.pk]), _station_post(station, mode="mixed")
    )
    assert response.status_code == 200
    assert "承接机构" in response.content.decode()
    station.refresh_from_db()
    assert station.mode == "self"


def test_control_characters_are_refused(client_for, street_clerk, station):
    client = client_for(street_clerk)
    response = client.post(
        reverse("stations:unit_edit", args=[station.pk]),
        _station_post(station, address="bad\x01address"),
    )
    assert response.status_code == 200
    assert "控制字符" in response.content.decode()


def test_stale_form_is_told_and_loses_nothing(client_for, street_clerk, station):
    client = client_for(street_clerk)
    url = reverse("stations:unit_edit", args=[station.pk])
    first = _station_post(station, brand="first")
    second = _station_post(station, brand="second")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    assert "其他人" in response.content.decode()
    station.refresh_from_db()
    assert station.brand == "first"


def test_workroom_name_needs_a_feature(client_for, community_user, street):
    community = street.communities.first()
    unit = WorkroomFactory(community=community)  # 上城区清波街道第1社区暖心社会工作室
    client = client_for(community_user)
    url = reverse("stations:unit_edit", args=[unit.pk])
    data = {
        "version": 1,
        "name": f"上城区{street.name}{community.name}社会工作室",
        "rooms": ["casework"],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "F8" in response.content.decode()
    data["name"] = f"上城区{street.name}{community.name}阳光社会工作室"
    assert client.post(url, data).status_code == 302
    unit.refresh_from_db()
    assert unit.rooms == ["casework"]


def test_unknown_room_code_is_refused(client_for, street_clerk, station):
    client = client_for(street_clerk)
    response = client.post(
        reverse("stations:unit_edit", args=[station.pk]), _station_post(station, rooms=["ballroom"])
    )
    assert response.status_code == 200
    station.refresh_from_db()
    assert station.rooms == []


def test_edit_form_shows_the_f_findings_with_rule_and_clause(client_for, street_clerk, workroom):
    client = client_for(street_clerk)
    body = client.get(reverse("stations:unit_edit", args=[workroom.pk])).content.decode()
    assert 'href="/rules/#rule-F6"' in body and "§4(2)" in body


def test_a_post_without_the_form_version_is_told_the_page_is_out_of_date(
    client_for, street_clerk, station
):
    client = client_for(street_clerk)
    data = _station_post(station, brand="新品牌")
    del data["version"]
    response = client.post(reverse("stations:unit_edit", args=[station.pk]), data)
    assert response.status_code == 200
    assert "页面已过期" in response.content.decode()
    station.refresh_from_db()
    assert station.brand == ""


def test_an_admin_change_makes_an_open_form_stale(client_for, street_clerk, station):
    client = client_for(street_clerk)
    opened = _station_post(station, brand="from the form")
    station.brand = "from the admin"
    station.save()  # any save outside the form (admin, shell) bumps the version
    response = client.post(reverse("stations:unit_edit", args=[station.pk]), opened)
    assert response.status_code == 200
    assert "其他人" in response.content.decode()
    station.refresh_from_db()
    assert station.brand == "from the admin"


def test_any_refusal_of_the_service_is_shown_on_the_form_not_a_500(
    client_for, street_clerk, station, monkeypatch
):
    """Not only a stale edit: whatever ValidationError the service raises is a form error."""
    from django.core.exceptions import ValidationError

    from stations import services

    def refuse(**kwargs):
        raise ValidationError({"brand": "品牌名称与其他站点重复"})

    monkeypatch.setattr(services, "unit_update", refuse)
    client = client_for(street_clerk)
    url = reverse("stations:unit_edit", args=[station.pk])
    response = client.post(url, _station_post(station))
    assert response.status_code == 200
    assert "品牌名称与其他站点重复" in response.content.decode()
    station.refresh_from_db()
    assert station.version == 1  # nothing written


def test_a_station_cannot_take_a_workrooms_service_place(client_for, street_clerk, station):
    """F10: the hosts differ by kind; a workroom's is not a choice for a station."""
    url = reverse("stations:unit_edit", args=[station.pk])
    data = _station_post(station, service_place="residents_committee")
    response = client_for(street_clerk).post(url, data)
    assert response.status_code == 200
    assert "固定服务场所" in response.content.decode()
    station.refresh_from_db()
    assert station.service_place == ""


def test_a_station_without_a_service_place_has_an_f10_finding(client_for, street_clerk, station):
    url = reverse("stations:unit_edit", args=[station.pk])
    client_for(street_clerk).post(url, _station_post(station, service_place=""))
    body = client_for(street_clerk).get(station.get_absolute_url()).content.decode()
    assert 'href="/rules/#rule-F10"' in body
