"""The staffing pages (people list, unit pages, tenure page) take as many queries for many
people and units as for few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffing.models import Person
from tests.factories import (
    AppraisalFactory,
    CertificateFactory,
    PersonFactory,
    PostFactory,
    StationFactory,
)


def _populate(n, street, station):
    """Bring the street to ``n`` people in post at its station, certified and appraised."""
    while Person.objects.filter(street=street).count() < n:
        p = PersonFactory(street=street)
        CertificateFactory(person=p)
        PostFactory(person=p, unit=station, post="head" if p.pk % 5 == 0 else "social_worker")
        AppraisalFactory(person=p, year=2023)


def _add_stations(count):
    """``count`` more streets, each with a station, its head and its deputy."""
    for station in StationFactory.create_batch(count):
        PostFactory(unit=station, post="head")
        PostFactory(unit=station, post="deputy")


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        lambda station: reverse("staffing:people"),
        lambda station: station.get_absolute_url(),
        lambda station: reverse("staffing:tenure"),
    ],
    ids=["people list", "station page", "tenure page"],
)
def test_query_count_does_not_grow_with_people(
    client_for, district_user, street, station, django_assert_num_queries, page
):
    client = client_for(district_user)
    url = page(station)
    _populate(5, street, station)
    at_5 = _count_queries(client, url)
    _populate(25, street, station)
    with django_assert_num_queries(at_5):
        client.get(url)


def test_tenure_query_count_does_not_grow_with_stations(
    client_for, district_user, django_assert_num_queries
):
    client = client_for(district_user)
    url = reverse("staffing:tenure")
    _add_stations(2)
    at_2 = _count_queries(client, url)
    _add_stations(10)
    with django_assert_num_queries(at_2):
        client.get(url)


@pytest.mark.parametrize(
    "page",
    [lambda: reverse("staffing:people"), lambda: reverse("staffing:tenure")],
    ids=["people list", "tenure page"],
)
def test_query_count_does_not_grow_with_units(
    client_for, district_user, page, django_assert_num_queries
):
    """The same page with 2 and then 12 streets, each a station with posted staff."""
    client = client_for(district_user)
    _add_stations(2)
    at_2 = _count_queries(client, page())
    _add_stations(10)
    with django_assert_num_queries(at_2):
        client.get(page())


def test_workroom_page_query_count_does_not_grow_with_staff(
    client_for, district_user, workroom, django_assert_num_queries
):
    client = client_for(district_user)
    url = workroom.get_absolute_url()
    PostFactory.create_batch(2, unit=workroom)
    at_2 = _count_queries(client, url)
    PostFactory.create_batch(10, unit=workroom)
    with django_assert_num_queries(at_2):
        client.get(url)
