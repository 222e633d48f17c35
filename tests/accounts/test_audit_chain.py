"""The audit log's hash chain: every row links to the one before; ``verify_audit`` reports
the first broken link; the retention purge keeps the chain verifiable; on PostgreSQL a
trigger refuses UPDATE and DELETE of audit rows, and concurrent writers keep one chain."""

import importlib
import os
import threading
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import timezone

from accounts import auditchain
from accounts.models import AuditChainAnchor, AuditEvent
from accounts.tasks import prune_audit_log
from tests.factories import UserFactory

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def _events(n, **kwargs):
    return [
        AuditEvent.objects.record(event="login", username=f"user{i}", detail=f"#{i}", **kwargs)
        for i in range(n)
    ]


def _verify(*args):
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def _tamper(sql, params=()):
    """Change the table behind the app's back, as someone with SQL access would (on
    PostgreSQL past the trigger, as a superuser could)."""
    with auditchain.purge_allowed(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _aged(days_ago):
    at = timezone.now() - timedelta(days=days_ago)
    return AuditEvent.objects.create(event="login", result="success", username="u", at=at)


# --- the chain ------------------------------------------------------------------------


def test_each_row_links_to_the_hash_of_the_one_before(db):
    first, second, _ = _events(3, ip="10.0.0.9")
    rows = list(AuditEvent.objects.order_by("pk"))
    assert rows[0].prev_hash == auditchain.GENESIS
    assert rows[1].prev_hash == rows[0].hash == first.hash
    assert rows[2].prev_hash == rows[1].hash == second.hash
    assert len({r.hash for r in rows}) == 3
    for row in rows:  # what was hashed before the insert is what the database gives back
        assert row.hash == auditchain.row_hash(row.__dict__, row.prev_hash)


def test_an_ipv6_address_hashes_alike_before_and_after_the_database(db):
    event = AuditEvent.objects.record(event="login", ip="2001:DB8::0:1")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.hash == auditchain.row_hash(stored.__dict__, stored.prev_hash) == event.hash
    assert "intact: 1 rows" in _verify()


def test_the_hash_covers_every_audited_field():
    row = {f: "x" for f in auditchain.HASHED_FIELDS} | {"at": timezone.now(), "ip": None}
    base = auditchain.row_hash(row, auditchain.GENESIS)
    for field in auditchain.HASHED_FIELDS:
        changed = row | {field: row[field] + timedelta(microseconds=1) if field == "at" else "y"}
        assert auditchain.row_hash(changed, auditchain.GENESIS) != base, field
    assert auditchain.row_hash(row, "1" * 64) != base


def test_an_intact_chain_verifies_with_its_count_and_head(db):
    events = _events(5)
    out = _verify()
    assert "audit chain intact: 5 rows from genesis" in out
    assert f"head {events[-1].pk}:{events[-1].hash}" in out


def test_an_empty_log_is_intact(db):
    assert "intact: 0 rows" in _verify()


def test_verify_reads_in_chunks(db):
    _events(7)
    assert "intact: 7 rows" in _verify("--chunk-size", "2")


# --- tampering is reported --------------------------------------------------------------


def test_a_row_edited_by_sql_is_reported_by_its_id(db):
    events = _events(4)
    _tamper("UPDATE accounts_auditevent SET detail = %s WHERE id = %s", ["改过", events[2].pk])
    with pytest.raises(CommandError) as refused:
        _verify()
    assert f"broken at row id {events[2].pk}" in str(refused.value)
    assert "edited" in str(refused.value)
    assert "2 rows before it are intact" in str(refused.value)


def test_a_backdated_row_is_reported(db):
    events = _events(3)
    _tamper(
        "UPDATE accounts_auditevent SET at = %s WHERE id = %s",
        [events[0].at - timedelta(days=400), events[0].pk],
    )
    with pytest.raises(CommandError, match=f"row id {events[0].pk}: hash"):
        _verify()


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(db):
    events = _events(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.detail = "nothing happened"
    new_hash = auditchain.row_hash(forged.__dict__, forged.prev_hash)
    _tamper(
        "UPDATE accounts_auditevent SET detail = %s, hash = %s WHERE id = %s",
        [forged.detail, new_hash, forged.pk],
    )
    with pytest.raises(CommandError) as refused:
        _verify()
    assert f"broken at row id {events[2].pk}" in str(refused.value)
    assert "deleted, inserted or reordered" in str(refused.value)


def test_a_deleted_row_is_reported_at_the_row_after_it(db):
    events = _events(4)
    _tamper("DELETE FROM accounts_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"broken at row id {events[2].pk}: prev_hash"):
        _verify()


def test_a_cut_off_tail_is_caught_by_the_head_recorded_before(db):
    events = _events(3)
    head = f"{events[-1].pk}:{events[-1].hash}"
    assert "intact: 3 rows" in _verify("--expect", head)
    _tamper("DELETE FROM accounts_auditevent WHERE id = %s", [events[-1].pk])
    assert "intact: 2 rows" in _verify()  # the chain alone cannot see a cut at its end
    with pytest.raises(CommandError, match="does not contain the expected head"):
        _verify("--expect", head)


@pytest.mark.parametrize("value", ["12", "x:" + "0" * 64, "3:abc", ":" + "0" * 64])
def test_a_malformed_expected_head_is_refused(db, value):
    with pytest.raises(CommandError, match="--expect"):
        _verify("--expect", value)


def test_existing_rows_are_chained_by_the_data_migration(db):
    events = _events(3)
    for event in events:  # as the rows were before the chain existed (distinct: unique)
        _tamper(
            "UPDATE accounts_auditevent SET prev_hash = %s, hash = '' WHERE id = %s",
            [f"old{event.pk}", event.pk],
        )
    with pytest.raises(CommandError):
        _verify()
    backfill = importlib.import_module("accounts.migrations.0005_audit_chain_backfill")
    state = MigrationLoader(connection).project_state(("accounts", "0005_audit_chain_backfill"))
    with auditchain.purge_allowed(connection):
        backfill.chain_existing_rows(state.apps, SimpleNamespace(connection=connection))
    assert "intact: 3 rows" in _verify()
    assert [e.hash for e in AuditEvent.objects.order_by("pk")] == [e.hash for e in events]


# --- append-only for the application -----------------------------------------------------


def test_the_application_cannot_update_or_delete_in_bulk(db):
    event, _ = _events(2)
    with pytest.raises(ValueError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="x")
    with pytest.raises(ValueError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ValueError):
        AuditEvent.objects.bulk_create([AuditEvent(event="login", result="success")])
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "#0"
    assert "intact: 2 rows" in _verify()


def test_deleting_a_user_keeps_their_events_and_the_chain(db):
    user = UserFactory(username="gone", district=True)
    event = AuditEvent.objects.record(event="login", actor=user)
    user.delete()
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.user_id, row.username) == (None, "gone")
    assert "intact" in _verify()


# --- retention ------------------------------------------------------------------------


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_the_chain_stays_verifiable_after_the_retention_purge(db):
    old = [_aged(d) for d in (900, 500, 400)]
    kept = [_aged(d) for d in (100, 0)]
    assert prune_audit_log() == 3
    anchor = AuditChainAnchor.objects.get()
    assert (anchor.last_id, anchor.hash, anchor.purged) == (old[-1].pk, old[-1].hash, 3)
    assert "intact: 3 rows from anchor" in _verify()  # two kept rows and the job's own
    assert AuditEvent.objects.order_by("pk").first().pk == kept[0].pk


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_a_row_deleted_before_the_anchor_is_still_reported(db):
    _aged(400)
    kept = [_aged(100), _aged(50), _aged(0)]
    prune_audit_log()
    _tamper("DELETE FROM accounts_auditevent WHERE id = %s", [kept[0].pk])
    with pytest.raises(CommandError, match=f"row id {kept[1].pk}: prev_hash"):
        _verify()


def test_a_second_purge_moves_the_anchor_and_adds_up(db, settings):
    _aged(800)
    second = _aged(500)
    _aged(0)
    settings.AUDIT_RETENTION_DAYS = 700
    assert prune_audit_log() == 1
    settings.AUDIT_RETENTION_DAYS = 365
    assert prune_audit_log() == 1
    anchor = AuditChainAnchor.objects.get()
    assert (anchor.last_id, anchor.hash, anchor.purged) == (second.pk, second.hash, 2)
    assert "intact: 3 rows from anchor" in _verify()  # the 0-day row and two job rows


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_purging_every_row_links_the_next_row_to_the_anchor(db):
    last = [_aged(d) for d in (700, 600)][-1]
    assert prune_audit_log() == 2
    job = AuditEvent.objects.get()
    assert job.event == "job" and job.prev_hash == last.hash
    assert "intact: 1 rows from anchor" in _verify()
    assert prune_audit_log() == 0
    assert AuditChainAnchor.objects.get().purged == 2
    assert "intact: 2 rows" in _verify()


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_an_old_row_behind_a_newer_one_waits_rather_than_break_the_chain(db):
    """Only a prefix in id order goes, so a row out of time order is kept a while longer,
    never a row inside the retention."""
    a, b = _aged(500), _aged(100)
    c = _aged(400)  # a late, backdated row: older than the retention, after a newer one
    assert prune_audit_log() == 1
    assert set(AuditEvent.objects.exclude(event="job").values_list("pk", flat=True)) == {
        b.pk,
        c.pk,
    }
    assert AuditChainAnchor.objects.get().last_id == a.pk
    assert "intact" in _verify()


# --- PostgreSQL: the trigger and concurrent writers ----------------------------------------


def _refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)


@pytest.mark.usefixtures("db")
@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL=postgres://… (a PG trigger)")
class TestTriggerOnPostgres:
    def test_a_raw_update_is_refused(self):
        event, _ = _events(2)
        _refused("UPDATE accounts_auditevent SET detail = 'x' WHERE id = %s", [event.pk])
        assert AuditEvent.objects.get(pk=event.pk).detail == "#0"

    def test_a_raw_delete_is_refused(self):
        event, _ = _events(2)
        _refused("DELETE FROM accounts_auditevent WHERE id = %s", [event.pk])
        assert AuditEvent.objects.filter(pk=event.pk).exists()
        assert "intact: 2 rows" in _verify()

    def test_clearing_the_user_is_allowed_only_alone(self):
        user = UserFactory(username="gone", district=True)
        event = AuditEvent.objects.record(event="login", actor=user)
        _refused(
            "UPDATE accounts_auditevent SET user_id = NULL, detail = 'x' WHERE id = %s",
            [event.pk],
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_auditevent SET user_id = NULL WHERE id = %s", [event.pk]
            )
        assert AuditEvent.objects.get(pk=event.pk).user_id is None

    @override_settings(AUDIT_RETENTION_DAYS=365)
    def test_the_anchor_cannot_be_moved_by_hand(self):
        _aged(500)
        _aged(0)
        prune_audit_log()
        _refused("UPDATE accounts_auditchainanchor SET hash = %s", ["0" * 64])
        _refused("DELETE FROM accounts_auditchainanchor", [])
        assert "intact" in _verify()

    def test_the_purge_setting_does_not_outlive_the_purge(self):
        event, _ = _events(2)
        with transaction.atomic():
            with auditchain.purge_allowed(connection):
                pass
            _refused("DELETE FROM accounts_auditevent WHERE id = %s", [event.pk])


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL=postgres://… (real concurrency)")
def test_writers_at_the_same_moment_keep_one_chain(transactional_db):
    threads_n, per_thread = 4, 15
    barrier = threading.Barrier(threads_n)
    errors = []

    def write(n):
        try:
            barrier.wait(timeout=10)
            for i in range(per_thread):
                with transaction.atomic():  # a request's transaction (ATOMIC_REQUESTS)
                    AuditEvent.objects.record(event="login", username=f"t{n}", detail=str(i))
        except Exception as e:
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert f"intact: {threads_n * per_thread} rows" in _verify()
    assert AuditEvent.objects.values("prev_hash").distinct().count() == threads_n * per_thread


def test_a_writer_that_skips_the_lock_cannot_fork_the_chain(db):
    """The unique prev_hash is the last line: a second row on the same predecessor fails."""
    first = AuditEvent.objects.record(event="login")
    forked = AuditEvent(event="login", result="success", prev_hash=first.prev_hash, hash="f" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        super(AuditEvent, forked).save()
    assert "intact: 1 rows" in _verify()


# --- the purge command and separate database roles -------------------------------------


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_the_purge_command_runs_the_retention_purge(db):
    _aged(400)
    _aged(0)
    out = StringIO()
    call_command("purge_audit", stdout=out)
    assert "deleted 1 audit events" in out.getvalue()
    assert AuditChainAnchor.objects.get().purged == 1
    assert "intact: 2 rows from anchor" in _verify()


APP_ROLE = "auditchain_app_role_t"


@pytest.fixture
def as_app_role(db):
    """Inside the test's transaction (so it all rolls back): a role with the grants
    docs/OPERATIONS.md gives the app in a deployment with separate roles, then SET ROLE."""
    table, anchor = AuditEvent._meta.db_table, AuditChainAnchor._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT ON {table} TO {APP_ROLE}")
        cursor.execute(f"GRANT UPDATE (user_id) ON {table} TO {APP_ROLE}")
        cursor.execute(f"GRANT SELECT ON {anchor} TO {APP_ROLE}")
        cursor.execute(f"GRANT USAGE ON SEQUENCE {table}_id_seq TO {APP_ROLE}")
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL=postgres://… (roles)")
@override_settings(AUDIT_RETENTION_DAYS=365)
def test_an_app_role_without_delete_records_but_cannot_delete(as_app_role):
    old = AuditEvent.objects.record(event="login")
    # even with the trigger's setting on, the privilege refuses
    with auditchain.purge_allowed(connection):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [old.pk])
    assert prune_audit_log() == 0  # the beat job skips, and says why
    job = AuditEvent.objects.get(event="job")
    assert job.result == "failure" and "purge_audit" in job.detail
    with pytest.raises(CommandError, match="owner's DATABASE_URL"):
        call_command("purge_audit", stdout=StringIO())
    assert AuditEvent.objects.count() == 2
