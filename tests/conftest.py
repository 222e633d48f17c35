"""Personas and a small organisation tree, shared by every test that needs the database."""

import pytest

from accounts.models import User
from stations.models import Community, Street, Unit


def make_street(code="330102001", name="清波街道", pinyin="qingbo", communities=3):
    street = Street.objects.create(code=code, name=name, pinyin=pinyin)
    for i in range(communities):
        Community.objects.create(street=street, code=f"{code}{100 + i:03d}", name=f"第{i + 1}社区")
    return street


def make_station(street, **fields):
    defaults = {"name": f"杭州市上城区{street.name}社会工作站", "mode": "self"}
    return Unit.objects.create(kind="station", street=street, **{**defaults, **fields})


def make_workroom(community, **fields):
    defaults = {"name": f"上城区{community.street.name}{community.name}暖心社会工作室"}
    return Unit.objects.create(
        kind="workroom", street=community.street, community=community, **{**defaults, **fields}
    )


@pytest.fixture
def street(db):
    return make_street()


@pytest.fixture
def other_street(db):
    return make_street(code="330102003", name="湖滨街道", pinyin="hubin", communities=2)


@pytest.fixture
def station(street):
    return make_station(street)


@pytest.fixture
def workroom(street):
    return make_workroom(street.communities.first())


@pytest.fixture
def other_station(other_street):
    return make_station(other_street)


@pytest.fixture
def other_workroom(other_street):
    return make_workroom(other_street.communities.first())


@pytest.fixture
def district_user(db):
    return User.objects.create_user("district_t", password="Pw-test-123", role="district")


@pytest.fixture
def auditor(db):
    return User.objects.create_user("auditor_t", password="Pw-test-123", role="auditor")


@pytest.fixture
def supervisor(db):
    return User.objects.create_user("supervisor_t", password="Pw-test-123", role="supervisor")


@pytest.fixture
def street_clerk(street):
    return User.objects.create_user("clerk", password="Pw-test-123", role="street", street=street)


@pytest.fixture
def other_street_clerk(other_street):
    return User.objects.create_user(
        "other_clerk", password="Pw-test-123", role="street", street=other_street
    )


@pytest.fixture
def community_user(street):
    return User.objects.create_user(
        "community_t",
        password="Pw-test-123",
        role="community",
        community=street.communities.first(),
    )


def pytest_sessionstart(session):
    """Compile the Chinese catalogue first: pages are asserted in Chinese."""
    from django.core.management import call_command

    call_command("compiletranslations", verbosity=0)
