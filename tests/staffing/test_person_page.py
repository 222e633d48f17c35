"""A person's page and the pages under it: who opens them, what the page shows.

That every scoped role gets 404 for another street's person on every person URL is the
scope sweep's (``tests/test_scope_sweep.py``)."""

import pytest
from django.urls import reverse

from tests.factories import AppraisalFactory, PostFactory, QualificationFactory

PERSON_URLS = [
    "staffing:person",
    "staffing:person_edit",
    "staffing:post_assign",
    "staffing:certificate_add",
    "staffing:qualification_add",
    "staffing:appraisal_record",
]


def _body(response):
    return response.content.decode()


@pytest.mark.parametrize("name", PERSON_URLS)
def test_own_person_urls_open_for_the_street_clerk(client_for, street_clerk, person, name):
    assert client_for(street_clerk).get(reverse(name, args=[person.pk])).status_code == 200


@pytest.mark.parametrize("name", PERSON_URLS)
def test_district_opens_every_person_url(client_for, district_user, other_person, name):
    url = reverse(name, args=[other_person.pk])
    assert client_for(district_user).get(url).status_code == 200


def test_garbage_and_unknown_pks_are_404(client_for, street_clerk):
    client = client_for(street_clerk)
    assert client.get("/staffing/people/999999/").status_code == 404
    assert client.get("/staffing/posts/999999/end/").status_code == 405
    assert client.post("/staffing/posts/999999/end/", {}).status_code == 404


def test_person_page_shows_posts_certificates_appraisals_and_actions(
    client_for, street_clerk, person
):
    AppraisalFactory(person=person, year=2023, grade="excellent")
    QualificationFactory(person=person, kind="supervisor", level="municipal", year=2022)
    body = _body(client_for(street_clerk).get(person.get_absolute_url()))
    for text in ["专职社工", "在岗", "助理社会工作师", "优秀", "市级社工督导", "离任"]:
        assert text in body, text
    assert reverse("staffing:post_end", args=[person.posts.get().pk]) in body
    assert reverse("staffing:person_edit", args=[person.pk]) in body


def test_person_page_for_the_community_user_has_no_edit_buttons(
    client_for, community_user, workroom
):
    worker = PostFactory(unit=workroom).person
    body = _body(client_for(community_user).get(worker.get_absolute_url()))
    assert reverse("staffing:person_edit", args=[worker.pk]) not in body
