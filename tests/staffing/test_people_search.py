"""The people search never puts an ID number in a URL (issue #11, part 3).

The search box POSTs (with its CSRF token); a search with digits in it is an ID-number
search, held in the session under a keyed hash (HMAC with SECRET_KEY) of the normalised
number, and the list opens at ``?idq=<hash>``. A name search stays ``?q=…``.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory

PEOPLE = reverse("staffing:people")
LONG_NUMBER = re.compile(r"\d{11,}")  # an ID number (18) or a mobile (11), or most of one


def _names(response) -> set[str]:
    return {p.name for p in response.context["page"].object_list}


def _no_number_in_urls(response) -> None:
    for hop, __ in response.redirect_chain:
        assert not LONG_NUMBER.search(hop), hop
    body = response.content.decode()
    for url in re.findall(r'(?:href|action)="([^"]*)"', body):
        assert not LONG_NUMBER.search(url), url


@pytest.fixture
def neighbour(street):
    return PersonFactory(street=street, name="另一人")


def test_an_id_search_redirects_to_a_hash_and_finds_the_person(
    client_for, street_clerk, person, neighbour
):
    client = client_for(street_clerk)
    response = client.post(PEOPLE, {"q": person.id_number})
    assert response.status_code == 302
    location = response["Location"]
    assert person.id_number not in location and not LONG_NUMBER.search(location)
    assert re.fullmatch(r"/staffing/people/\?idq=[0-9a-f]{32}", location)

    response = client.get(location)
    assert _names(response) == {person.name}
    body = response.content.decode()
    assert person.id_number not in body  # not echoed in the box either
    assert "330***********102X" in body  # the search is named, masked


@pytest.mark.parametrize(
    "typed",
    ["33010219900307102x", " 330102 19900307 102X ", "３３０１０２１９９００３０７１０２Ｘ"],
)
def test_the_number_is_normalised_before_it_is_hashed(client_for, street_clerk, person, typed):
    client = client_for(street_clerk)
    response = client.post(PEOPLE, {"q": typed}, follow=True)
    assert _names(response) == {person.name}
    first = client.post(PEOPLE, {"q": person.id_number})["Location"]
    assert client.post(PEOPLE, {"q": typed})["Location"] == first  # one number, one hash
    _no_number_in_urls(response)


def test_part_of_a_number_finds_nobody(client_for, street_clerk, person):
    response = client_for(street_clerk).post(PEOPLE, {"q": person.id_number[:10]}, follow=True)
    assert response.status_code == 200 and _names(response) == set()
    _no_number_in_urls(response)


def test_a_name_search_stays_a_plain_get(client_for, street_clerk, person, neighbour):
    client = client_for(street_clerk)
    response = client.post(PEOPLE, {"q": "小明"})
    assert response["Location"] == f"{PEOPLE}?q=%E5%B0%8F%E6%98%8E"
    assert _names(client.get(PEOPLE, {"q": "小明"})) == {person.name}


def test_an_id_number_typed_into_the_address_is_taken_out_of_it(client_for, street_clerk, person):
    client = client_for(street_clerk)
    response = client.get(PEOPLE, {"q": person.id_number, "certified": "yes"})
    assert response.status_code == 302
    assert "idq=" in response["Location"] and "certified=yes" in response["Location"]
    assert not LONG_NUMBER.search(response["Location"])
    assert _names(client.get(response["Location"])) == {person.name}


def test_the_other_filters_ride_along(client_for, street_clerk, person, station):
    response = client_for(street_clerk).post(
        PEOPLE, {"q": person.id_number, "unit": station.pk, "certified": "no"}, follow=True
    )
    assert _names(response) == set()  # the person is certified: the filter applied
    location = response.redirect_chain[0][0]
    assert f"unit={station.pk}" in location and "certified=no" in location


def test_a_hash_means_nothing_in_another_session(client_for, street_clerk, person):
    location = client_for(street_clerk).post(PEOPLE, {"q": person.id_number})["Location"]
    response = client_for(street_clerk).get(location)  # a new login: a new session
    assert response.status_code == 200 and _names(response) == set()
    assert "按身份证号查找的条件已失效" in response.content.decode()


def test_the_hash_is_keyed_with_the_secret_key(client_for, street_clerk, person, settings):
    client = client_for(street_clerk)
    first = client.post(PEOPLE, {"q": person.id_number})["Location"]
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert client.post(PEOPLE, {"q": person.id_number})["Location"] != first


def test_another_streets_person_is_not_found_by_number(client_for, street_clerk, other_person):
    response = client_for(street_clerk).post(PEOPLE, {"q": other_person.id_number}, follow=True)
    assert _names(response) == set()


def test_the_search_form_posts_with_a_csrf_token(street_clerk, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(street_clerk)
    body = client.get(PEOPLE).content.decode()
    assert re.search(
        r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', body
    )
    assert client.post(PEOPLE, {"q": person.id_number}).status_code == 403


def test_the_district_finds_anyone_by_number_and_no_url_has_it(
    client_for, district_user, person, other_person
):
    response = client_for(district_user).post(PEOPLE, {"q": other_person.id_number}, follow=True)
    assert _names(response) == {other_person.name}
    _no_number_in_urls(response)
