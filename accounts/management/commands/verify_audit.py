"""Check the audit log's hash chain; exit non-zero at the first broken link."""

from contextlib import contextmanager

import environ
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import load_backend

from accounts import auditchain
from accounts.models import AuditChainAnchor, AuditEvent

COLUMNS = ("id", "prev_hash", "hash", *auditchain.HASHED_FIELDS)
URL_ALIAS = "verify_audit_url"


class Command(BaseCommand):
    help = (
        "Walk the audit log's hash chain in id order (from the retention purge's anchor) and "
        "report the first broken link: exit status 1 if the chain is broken, 0 if intact."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")
        where.add_argument("--database-url", help="check another database, e.g. a restored backup")
        parser.add_argument(
            "--expect",
            metavar="ID:HASH",
            help="the head recorded earlier (by backup or a previous run) must still be in "
            "the chain: catches rows cut off the end",
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help=("rows read at a time"))

    def handle(self, *args, **options):
        expect = _expected(options["expect"])
        with (
            _database(options["database"], options["database_url"]) as using,
            _snapshot(using),
        ):
            anchor = (
                AuditChainAnchor.objects.using(using).filter(pk=1).values("last_id", "hash").first()
            )
            rows = (
                AuditEvent.objects.using(using)
                .order_by("pk")
                .values(*COLUMNS)
                .iterator(chunk_size=options["chunk_size"])
            )
            try:
                verdict = auditchain.verify(rows, anchor)
            finally:
                rows.close()  # a break stops the walk: close the server-side cursor now
            expected_ok = expect is None or (
                AuditEvent.objects.using(using).filter(pk=expect[0], hash=expect[1]).exists()
                or (anchor is not None and anchor["last_id"] >= expect[0])
            )
        if not verdict.intact:
            raise CommandError(
                f"audit chain broken at row id {verdict.broken_id}: {verdict.problem} "
                f"({verdict.rows - 1} rows before it are intact)"
            )
        if not expected_ok:
            raise CommandError(
                f"audit chain does not contain the expected head {expect[0]}:{expect[1]}: "
                "rows were cut off the end or the chain was rewritten"
            )
        start = f"anchor id {anchor['last_id']}" if anchor else "genesis"
        self.stdout.write(
            f"audit chain intact: {verdict.rows} rows from {start}; "
            f"head {verdict.head_id}:{verdict.head_hash}"
        )


@contextmanager
def _snapshot(using):
    """On PostgreSQL, read the anchor and the rows in one snapshot, so a purge committed
    meanwhile cannot look like a broken link. (SQLite is for development: no purge runs
    alongside, and a transaction there would take the write lock.)"""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _expected(value):
    if not value:
        return None
    row_id, sep, digest = value.partition(":")
    if not (sep and row_id.isdigit() and len(digest) == 64):
        raise CommandError(f"--expect: want ID:HASH (64 hex digits), got {value!r}")
    return int(row_id), digest.lower()


@contextmanager
def _database(alias, url):
    """The alias to read: ``alias`` itself, or a temporary one for ``url``."""
    if not url:
        yield alias
        return
    try:
        config = environ.Env.db_url_config(url)
    except Exception as e:  # environ raises several kinds for a malformed URL
        raise CommandError(f"--database-url: cannot parse it ({e})") from None
    # A connection of this thread only, not added to DATABASES: nothing else can use it.
    config = connections.configure_settings({DEFAULT_DB_ALIAS: {}, URL_ALIAS: config})
    connection = load_backend(config[URL_ALIAS]["ENGINE"]).DatabaseWrapper(
        config[URL_ALIAS], URL_ALIAS
    )
    connections[URL_ALIAS] = connection
    try:
        yield URL_ALIAS
    finally:
        connection.close()
        del connections[URL_ALIAS]
