"""Parallel submissions, as a double click or several tabs send them: every response a
redirect (never a 500) and exactly one write, on SQLite and on PostgreSQL.

Each submission runs in its own thread, with its own client and database connection,
released together by a barrier, through the whole stack (``ATOMIC_REQUESTS``, middleware).
On SQLite this needs a database file, not Django's in-memory test database (shared between
threads it locks by table and ignores the busy timeout): ``tests/settings.py`` gives each
test process its own file. The SQLite cases run by default; the PostgreSQL ones where
``DATABASE_URL`` is PostgreSQL (CI), each skipping on the other database with the reason.
"""

import os
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import SubmissionToken
from shangcheng.forms import SUBMISSION_FIELD, submission_token
from staffing.models import Person, RosterImport
from stations.models import ListItem
from tests.factories import PersonFactory
from tests.staffing.roster_files import (
    certified,
    confirm_url,
    post_upload,
    row,
    workbook,
    written,
)

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
BACKENDS = [
    pytest.param(
        "sqlite",
        marks=pytest.mark.skipif(
            ON_POSTGRES, reason="the SQLite run is the default test run (no DATABASE_URL)"
        ),
    ),
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not ON_POSTGRES, reason="needs DATABASE_URL=postgres://… (runs in CI)"
            ),
        ],
    ),
]
ROUNDS = 3  # each race is run a few times: a lost race shows up as a 500 or a second row


def _client(user) -> Client:
    client = Client(raise_request_exception=False)  # a crash is a 500 here, not an exception
    client.force_login(user)
    return client


def _race(calls):
    """Run each call in its own thread (its own connection), released together; return
    each one's status code, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call().status_code
        except Exception as e:  # reported by the assertion, not lost
            outcomes[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.fixture
def backend_is(request):
    """The backend the test was parametrised for is the one in use."""

    def check(name):
        assert connection.vendor == name

    return check


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("attempt", range(ROUNDS))
def test_a_double_click_on_add_list_item_writes_one_item(
    backend, attempt, backend_is, street_clerk, station
):
    backend_is(backend)
    url = reverse("stations:list_item_add", args=[station.pk])
    data = {
        "list": "needs",
        "title": "独居老人助餐",
        SUBMISSION_FIELD: submission_token(street_clerk.pk),
    }
    clients = [_client(street_clerk) for _ in range(4)]

    outcomes = _race([lambda c=c: c.post(url, data) for c in clients])

    assert outcomes == [302] * 4, outcomes
    assert ListItem.objects.count() == 1
    assert SubmissionToken.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", BACKENDS)
def test_four_tabs_adding_list_items_at_once_all_save_none_fails(
    backend, backend_is, street_clerk, station
):
    """The issue's case: four parallel adds gave three 500s on SQLite (a deferred
    transaction cannot wait for the lock it needs). Four forms, four tokens, four items."""
    backend_is(backend)
    url = reverse("stations:list_item_add", args=[station.pk])
    calls = []
    for n in range(4):
        client = _client(street_clerk)
        data = {
            "list": "needs",
            "title": f"助餐 {n}",
            SUBMISSION_FIELD: submission_token(street_clerk.pk),
        }
        calls.append(lambda c=client, d=data: c.post(url, d))

    outcomes = _race(calls)

    assert outcomes == [302] * 4, outcomes
    assert ListItem.objects.count() == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("attempt", range(ROUNDS))
def test_a_double_click_on_add_person_writes_one_person(backend, attempt, backend_is, street_clerk):
    backend_is(backend)
    url = reverse("staffing:person_create")
    data = {
        "name": "新同事",
        "gender": "female",
        "id_number": PersonFactory.build(gender="female").id_number,
        "mobile": "13700001111",
        "community_work_since": "2018-03-01",
        SUBMISSION_FIELD: submission_token(street_clerk.pk),
    }
    clients = [_client(street_clerk) for _ in range(3)]

    outcomes = _race([lambda c=c: c.post(url, data) for c in clients])

    assert outcomes == [302] * 3, outcomes
    person = Person.objects.get(name="新同事")  # one, not three
    assert SubmissionToken.objects.get().url == person.get_absolute_url()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("attempt", range(ROUNDS))
def test_parallel_roster_confirms_apply_the_import_once(
    backend, attempt, backend_is, street_clerk, street, station, workroom
):
    """The issue's case: two parallel confirms gave 302 + 500 on SQLite in 4 of 4 tries."""
    backend_is(backend)
    post_upload(
        _client(street_clerk),
        street,
        workbook(
            [certified(1, station, post="站长"), row(2, station, male=False), row(3, workroom)]
        ),
    )
    record = RosterImport.objects.get()
    clients = [_client(street_clerk) for _ in range(3)]

    outcomes = _race([lambda c=c: c.post(confirm_url(record)) for c in clients])

    assert outcomes == [302] * 3, outcomes
    assert written() == (3, 1, 3)
    record.refresh_from_db()
    assert record.status == RosterImport.Status.APPLIED


@pytest.mark.django_db
def test_sqlite_runs_immediate_transactions_in_wal_with_a_busy_timeout():
    """The settings that make SQLite wait instead of failing (``make run``'s database)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings; this run uses PostgreSQL")
    assert connection.transaction_mode == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"]["timeout"] == 20
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
    assert not connection.is_in_memory_db()  # the concurrency tests need a file
