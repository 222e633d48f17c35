"""The navigation bar shows each role exactly the pages its predicates open, and rule
references come from the catalogue."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from shangcheng import rules
from shangcheng.navigation import navigation

PROJECT_PAGES = {
    "projects:funding",
    "projects:site_budgets",
    "projects:awards",
    "projects:practice_bases",
}
EXPECTED = {
    "district_user": {
        "district",
        "staffing:people",
        "staffing:roster_upload",
        "staffing:tenure",
        "supervision:review",
        "supervision:appraisals",
        "supervision:fees",
        "supervision:supervisors",
        "supervision:parameters",
        *PROJECT_PAGES,
        "projects:funding_floor",
        "stations:years",
    },
    "street_clerk": {"street", "staffing:people", "staffing:roster_upload", *PROJECT_PAGES},
    "community_user": {"staffing:people", "projects:awards"},
    "supervisor": set(),  # an account not yet linked to a supervisor record
    "auditor": {"accounts:audit_log"},
}


def _links(items):
    for item in items:
        yield from item.get("children", [item])


def _urls(names, user):
    return {reverse(n, args=[user.street_id]) if n == "street" else reverse(n) for n in names}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_is_offered_the_pages_it_may_open(client_for, request, persona):
    user = request.getfixturevalue(persona)
    req = RequestFactory().get("/")
    req.user = user
    shown = {link["url"] for link in _links(navigation(req)["nav_items"])}
    rules_page = set() if persona == "auditor" else {reverse("rules")}
    assert shown == _urls(EXPECTED[persona], user) | rules_page
    client = client_for(user)
    for url in shown:  # every link offered opens
        assert client.get(url).status_code == 200, url


def test_the_street_link_is_named_after_the_clerks_street(street_clerk):
    req = RequestFactory().get("/")
    req.user = street_clerk
    labels = [str(item["label"]) for item in navigation(req)["nav_items"]]
    assert "清波街道" in labels


def test_a_menu_groups_several_pages_and_a_single_page_stands_alone(district_user, community_user):
    req = RequestFactory().get(reverse("projects:funding"))
    req.user = district_user
    projects, supervision = [i for i in navigation(req)["nav_items"] if "children" in i]
    assert reverse("projects:funding_floor") in {c["url"] for c in projects["children"]}
    assert len(projects["children"]) == 5 and projects["current"]
    assert len(supervision["children"]) == 5 and not supervision["current"]
    req.user = community_user  # of the projects menu, only the awards
    items = navigation(req)["nav_items"]
    assert not any("children" in i for i in items)
    assert reverse("projects:awards") in {i["url"] for i in items}


def test_the_current_page_is_marked(client_for, street_clerk):
    client = client_for(street_clerk)
    page = client.get(reverse("staffing:people")).content.decode()
    assert f'href="{reverse("staffing:people")}" aria-current="page"' in page


def test_rule_ref_prints_id_link_and_the_catalogues_clause():
    html = Template('{% load portal %}{% rule_ref "S1" %}').render(Context())
    assert f'href="{reverse("rules")}#rule-S1"' in html
    assert rules.rule("S1").clause in html


def test_rule_ref_without_clause_prints_the_link_only():
    html = Template('{% load portal %}{% rule_ref "T4" clause=False %}').render(Context())
    assert ">T4</a>" in html
    assert rules.rule("T4").clause not in html.split("</a>")[1]


def test_no_template_types_a_clause():
    from pathlib import Path

    from django.conf import settings

    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        assert "§" not in path.read_text(encoding="utf-8"), path


def test_a_linked_supervisor_is_offered_their_evaluations_fees_and_appraisals(client, supervisor):
    from tests.supervision.factories import SupervisorFactory

    SupervisorFactory(user=supervisor)
    req = RequestFactory().get("/")
    req.user = supervisor
    shown = {link["url"] for link in _links(navigation(req)["nav_items"])}
    mine = {"supervision:my", "supervision:my_fees", "supervision:my_appraisals"}
    assert shown == {reverse(n) for n in mine} | {reverse("rules")}
    client.force_login(supervisor)
    for url in shown:
        assert client.get(url).status_code == 200, url
