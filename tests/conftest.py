"""Personas and a small organisation tree, shared by every test that needs the database,
built with the factories of ``tests/factories.py``; and ``client_for``, a logged-in client."""

from pathlib import Path

import pytest
from django.test import Client

from shangcheng.forms import SUBMISSION_FIELD, submission_token
from tests import factories

# Re-exported for tests/browser/test_pages.py only, which imports them from here.


@pytest.fixture(autouse=True)
def _same_fake_data_in_every_test():
    factories.reseed()


class TokenClient(Client):
    """A client that sends a fresh one-time submission token (``accounts.submissions``)
    with every POST of data that carries none, as a browser does after showing the form.

    Tests of the token itself use ``client_for(user, tokens=False)`` or ``fresh_token``."""

    def __init__(self, user, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def post(self, path, data=None, *args, **kwargs):
        if isinstance(data, dict) and data and SUBMISSION_FIELD not in data:
            data = {**data, SUBMISSION_FIELD: submission_token(self.user.pk)}
        return super().post(path, data, *args, **kwargs)


@pytest.fixture
def client_for():
    """A test client logged in as ``user``: ``client_for(street_clerk).get(url)``.

    Each call gives a new client, so two personas in one test never share a session.
    Its POSTs carry a fresh submission token unless ``tokens=False``."""

    def logged_in(user, *, tokens: bool = True) -> Client:
        client = TokenClient(user) if tokens else Client()
        client.force_login(user)
        return client

    return logged_in


@pytest.fixture
def fresh_token():
    """``fresh_token(user)``: a new one-time submission token, as an add form carries."""
    return lambda user: submission_token(user.pk)


@pytest.fixture
def street(db):
    return factories.StreetFactory(
        code="330102001", name="清波街道", pinyin="qingbo", communities=3
    )


@pytest.fixture
def other_street(db):
    return factories.StreetFactory(code="330102003", name="湖滨街道", pinyin="hubin", communities=2)


@pytest.fixture
def station(street):
    return factories.StationFactory(street=street)


@pytest.fixture
def workroom(street):
    return factories.WorkroomFactory(community=street.communities.first())


@pytest.fixture
def other_station(other_street):
    return factories.StationFactory(street=other_street)


@pytest.fixture
def other_workroom(other_street):
    return factories.WorkroomFactory(community=other_street.communities.first())


@pytest.fixture
def district_user(db):
    return factories.UserFactory(username="district_t", district=True)


@pytest.fixture
def auditor(db):
    return factories.UserFactory(username="auditor_t", auditor=True)


@pytest.fixture
def supervisor(db):
    return factories.UserFactory(username="supervisor_t", supervisor=True)


@pytest.fixture
def street_clerk(street):
    return factories.UserFactory(username="clerk", street_clerk=True, street=street)


@pytest.fixture
def other_street_clerk(other_street):
    return factories.UserFactory(username="other_clerk", street_clerk=True, street=other_street)


@pytest.fixture
def community_user(street):
    return factories.UserFactory(
        username="community_t", community_user=True, community=street.communities.first()
    )


def pytest_sessionstart(session):
    """Compile the Chinese catalogue first: pages are asserted in Chinese."""
    from django.core.management import call_command

    call_command("compiletranslations", verbosity=0)


def pytest_unconfigure(config):
    """The SQLite test database file is removed by Django; its WAL files are not."""
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and name:
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real worker over Redis on the test database (``tests/worker.py``); mark the test
    with ``tests.worker.needs_worker``."""
    from tests.worker import start_worker, stop_worker

    worker = start_worker(tmp_path)
    yield worker
    stop_worker(worker)
