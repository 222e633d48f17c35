"""Every page a role can reach renders without error for that role."""

import pytest
from django.urls import reverse


@pytest.fixture
def tree(station, workroom, other_station):
    return station, workroom


def _ok(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def test_district_pages(client_for, district_user, tree, street):
    client = client_for(district_user)
    for url in [
        "/",
        reverse("district"),
        reverse("street", args=[street.pk]),
        tree[0].get_absolute_url(),
        tree[1].get_absolute_url(),
        reverse("stations:unit_edit", args=[tree[0].pk]),
        reverse("stations:unit_edit", args=[tree[1].pk]),
        reverse("rules"),
    ]:
        _ok(client, url)


def test_street_clerk_pages(client_for, street_clerk, tree, street):
    client = client_for(street_clerk)
    body = _ok(client, "/")
    assert street.name in body
    for url in [
        tree[0].get_absolute_url(),
        reverse("stations:unit_edit", args=[tree[0].pk]),
        tree[1].get_absolute_url(),
        reverse("stations:unit_edit", args=[tree[1].pk]),
        reverse("rules"),
    ]:
        _ok(client, url)


def test_community_user_lands_on_own_workroom(client_for, community_user, tree):
    body = _ok(client_for(community_user), "/")
    assert tree[1].name in body
    _ok(client_for(community_user), reverse("stations:unit_edit", args=[tree[1].pk]))


def test_supervisor_start_page(client_for, supervisor, tree):
    body = _ok(client_for(supervisor), "/")
    assert "督导" in body


def test_auditor_lands_on_audit_log(client_for, auditor):
    body = _ok(client_for(auditor), "/")
    assert "审计日志" in body


def test_rules_page_lists_every_rule_with_anchor(client_for, district_user):
    body = _ok(client_for(district_user), reverse("rules"))
    for rule_id in ["T1", "S1", "F5", "G2", "V3", "C2"]:
        assert f'id="rule-{rule_id}"' in body


def test_english_is_selectable(client_for, district_user):
    client = client_for(district_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("district")).content.decode()
    assert "streets" in body
