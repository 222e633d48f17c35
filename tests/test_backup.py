"""Backups that restore: ``manage.py backup`` writes the database and the uploaded files,
``manage.py restore`` puts them into a fresh database and folder, and the restored database
holds every row and an intact audit chain.

The PostgreSQL round trip needs ``pg_dump``/``pg_restore`` and a server where the test's
role may create databases; the SQLite round trip runs on the default test database.
"""

import io
import os
import shutil
import sqlite3
import stat
import tarfile
import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.models import AuditEvent
from shangcheng.management import backups
from tests import factories

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
needs_sqlite = pytest.mark.skipif(
    ON_POSTGRES or connection.vendor != "sqlite", reason="the SQLite round trip (no DATABASE_URL)"
)


@pytest.fixture
def media(tmp_path, settings):
    root = tmp_path / "media"
    (root / "cases" / "2026").mkdir(parents=True)
    (root / "cases" / "2026" / "a1b2.pdf").write_bytes(b"%PDF-1.7 case study")
    (root / "evaluations").mkdir()
    (root / "evaluations" / "c3d4.docx").write_bytes(b"PK\x03\x04 evaluation")
    settings.MEDIA_ROOT = root
    return root


def _seed():
    """A little of everything: the organisation tree, people, users and audit events."""
    street = factories.StreetFactory(communities=2)
    station = factories.StationFactory(street=street)
    factories.PostFactory(unit=station)
    clerk = factories.UserFactory(username="clerk_b", street_clerk=True, street=street)
    for i in range(5):
        AuditEvent.objects.record(event="login", actor=clerk, ip="10.0.0.9", detail=f"#{i}")


def _counts_here():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _backup(path, *args):
    out = StringIO()
    call_command("backup", "--out", str(path), *args, stdout=out)
    return out.getvalue()


def _restore(path, url, *args):
    out = StringIO()
    call_command("restore", "--from", str(path), "--database-url", url, *args, stdout=out)
    return out.getvalue()


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --- both databases ---------------------------------------------------------------------


def test_a_backup_never_overwrites_a_file(transactional_db, tmp_path, media):
    target = tmp_path / "backup.db"
    target.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists"):
        _backup(target)
    assert target.read_bytes() == b"an older backup"
    assert not (tmp_path / "backup.db.media.tar.gz").exists()
    assert not AuditEvent.objects.filter(event="backup").exists()


def test_a_backup_into_a_missing_folder_is_refused(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="no directory"):
        _backup(tmp_path / "nowhere" / "backup.db")


def test_backup_files_are_private_and_the_backup_is_audited(transactional_db, tmp_path, media):
    _seed()
    head = AuditEvent.objects.order_by("-pk").first()
    out = _backup(tmp_path / "backup.db")
    for name in ("backup.db", "backup.db.media.tar.gz"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    assert not (tmp_path / "backup.db.partial").exists()
    assert f"audit head: {head.pk}:{head.hash}" in out
    assert "(2 files)" in out
    event = AuditEvent.objects.get(event="backup")
    assert event.object == "backup.db"
    assert f"audit_head={head.pk}:{head.hash}" in event.detail


def test_no_media_leaves_the_archive_out(transactional_db, tmp_path, media):
    _backup(tmp_path / "backup.db", "--no-media")
    assert (tmp_path / "backup.db").exists()
    assert not (tmp_path / "backup.db.media.tar.gz").exists()


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello")
    with pytest.raises(CommandError, match="neither a pg_dump"):
        _restore(junk, f"sqlite:///{tmp_path / 'r.db'}")
    assert not (tmp_path / "r.db").exists()


def test_restore_refuses_a_database_of_the_other_kind(tmp_path):
    dump = tmp_path / "pg.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")
    with pytest.raises(CommandError, match="cannot be restored into sqlite3"):
        _restore(dump, f"sqlite:///{tmp_path / 'r.db'}")
    assert not (tmp_path / "r.db").exists()


def test_a_media_archive_that_climbs_out_is_refused(tmp_path):
    archive = tmp_path / "b.db.media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(CommandError, match="media archive"):
        backups.extract_media(archive, tmp_path / "m", force=False)
    assert not (tmp_path / "escaped.txt").exists()


def test_media_is_not_unpacked_over_existing_files(tmp_path, media):
    archive = tmp_path / "b.media.tar.gz"
    backups.archive_media(media, archive)
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "live.pdf").write_bytes(b"live")
    with pytest.raises(CommandError, match="not empty"):
        backups.extract_media(archive, tmp_path / "m", force=False)
    assert _files(tmp_path / "m") == {"live.pdf": b"live"}


# --- SQLite ---------------------------------------------------------------------------


@needs_sqlite
def test_sqlite_backup_restores_every_row_and_file(transactional_db, tmp_path, media):
    # given
    _seed()
    before = _counts_here()
    _backup(tmp_path / "backup.sqlite3")
    restored = tmp_path / "restored.sqlite3"

    # when
    out = _restore(
        tmp_path / "backup.sqlite3", f"sqlite:///{restored}", "--media-to", str(tmp_path / "m")
    )

    # then
    assert "audit chain intact: 5 rows" in out
    with sqlite3.connect(restored) as db:
        after = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in before}  # noqa: S608
    assert after == before
    assert before["accounts_auditevent"] == 5 and before["staffing_person"] == 1
    assert _files(tmp_path / "m") == _files(media)


@needs_sqlite
def test_sqlite_restore_refuses_a_non_empty_target(transactional_db, tmp_path):
    _seed()
    _backup(tmp_path / "backup.sqlite3", "--no-media")
    target = tmp_path / "live.sqlite3"
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE precious (x)")
        db.execute("INSERT INTO precious VALUES (1)")
    with pytest.raises(CommandError, match="not empty"):
        _restore(tmp_path / "backup.sqlite3", f"sqlite:///{target}")
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM precious").fetchone()[0] == 1
    assert "intact" in _restore(tmp_path / "backup.sqlite3", f"sqlite:///{target}", "--force")


# --- PostgreSQL -------------------------------------------------------------------------


@pytest.fixture
def fresh_database():
    """A new, empty database on the test server, dropped afterwards; its URL."""
    params = connection.settings_dict
    server = {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }
    server = {k: v for k, v in server.items() if v is not None}
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    yield f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts_at(url, tables):
    with psycopg.connect(url) as db:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL=postgres://…")
@pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="needs pg_dump and pg_restore (postgresql-client)",
)
class TestPostgresRoundTrip:
    def test_dump_and_restore_into_a_fresh_database_finds_every_row(
        self, transactional_db, tmp_path, media, fresh_database
    ):
        # given
        _seed()
        before = _counts_here()
        head = AuditEvent.objects.order_by("-pk").first()
        _backup(tmp_path / "backup.dump")

        # when
        out = _restore(tmp_path / "backup.dump", fresh_database, "--media-to", str(tmp_path / "m"))

        # then: every table, every row; the chain intact up to the head taken at backup
        assert _counts_at(fresh_database, before) == before
        assert before["accounts_auditevent"] == 5 and before["staffing_person"] == 1
        assert f"audit chain intact: 5 rows from genesis; head {head.pk}:{head.hash}" in out
        assert _files(tmp_path / "m") == _files(media)
        verified = StringIO()
        call_command(
            "verify_audit",
            "--database-url",
            fresh_database,
            "--expect",
            f"{head.pk}:{head.hash}",
            stdout=verified,
        )
        assert "intact: 5 rows" in verified.getvalue()

    def test_the_restored_database_keeps_the_append_only_trigger(
        self, transactional_db, tmp_path, fresh_database
    ):
        _seed()
        _backup(tmp_path / "backup.dump", "--no-media")
        _restore(tmp_path / "backup.dump", fresh_database)
        with psycopg.connect(fresh_database) as db, pytest.raises(psycopg.Error, match="append"):
            db.execute("DELETE FROM accounts_auditevent")
        assert _counts_at(fresh_database, ["accounts_auditevent"])["accounts_auditevent"] == 5

    def test_a_tampered_backup_fails_the_restore_check(
        self, transactional_db, tmp_path, fresh_database
    ):
        _seed()
        _backup(tmp_path / "backup.dump", "--no-media")
        _restore(tmp_path / "backup.dump", fresh_database)
        with psycopg.connect(fresh_database) as db:
            db.execute("SELECT set_config('shangcheng.audit_purge', 'on', true)")
            db.execute("UPDATE accounts_auditevent SET detail = 'x' WHERE detail = '#2'")
            row_id = db.execute("SELECT id FROM accounts_auditevent WHERE detail = 'x'").fetchone()
        with pytest.raises(CommandError, match=f"broken at row id {row_id[0]}"):
            call_command("verify_audit", "--database-url", fresh_database, stdout=StringIO())

    def test_a_non_empty_target_is_refused_and_kept(
        self, transactional_db, tmp_path, fresh_database
    ):
        _seed()
        _backup(tmp_path / "backup.dump", "--no-media")
        with psycopg.connect(fresh_database) as db:
            db.execute("CREATE TABLE precious (x int)")
            db.execute("INSERT INTO precious VALUES (1)")
        with pytest.raises(CommandError, match="not empty"):
            _restore(tmp_path / "backup.dump", fresh_database)
        assert _counts_at(fresh_database, ["precious"]) == {"precious": 1}
        assert not _counts_at_has(fresh_database, "accounts_auditevent")

    def test_force_replaces_a_restored_database(self, transactional_db, tmp_path, fresh_database):
        _seed()
        _backup(tmp_path / "backup.dump", "--no-media")
        _restore(tmp_path / "backup.dump", fresh_database)
        out = _restore(tmp_path / "backup.dump", fresh_database, "--force")
        assert "intact: 5 rows" in out
        assert _counts_at(fresh_database, ["accounts_auditevent"])["accounts_auditevent"] == 5

    def test_a_failing_pg_dump_leaves_no_file(self, transactional_db, tmp_path, monkeypatch):
        real_env = backups.libpq_env
        monkeypatch.setattr(backups, "libpq_env", lambda s: real_env(s) | {"PGPORT": "1"})
        with pytest.raises(CommandError, match="pg_dump failed"):
            _backup(tmp_path / "backup.dump")
        assert list(tmp_path.iterdir()) == []
        assert not AuditEvent.objects.filter(event="backup").exists()


def _counts_at_has(url, table):
    with psycopg.connect(url) as db:
        return db.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is not None
