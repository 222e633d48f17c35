"""Restore a backup into a fresh database, then check its audit chain (docs/OPERATIONS.md)."""

import sqlite3
from pathlib import Path

import environ
import psycopg
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from shangcheng.management import backups

# Relations of a PostgreSQL database outside the system schemas.
USER_RELATIONS = """
SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
"""


class Command(BaseCommand):
    help = (
        "Restore a `backup` file into the database at --database-url (which must be empty "
        "unless --force), optionally unpack FILE.media.tar.gz into --media-to, then run "
        "verify_audit against the restored database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the backup file")
        parser.add_argument(
            "--database-url",
            required=True,
            help="where to restore: postgres://user@host:5432/fresh_db or sqlite:////path.db",
        )
        parser.add_argument("--media-to", help="unpack the uploaded files here (MEDIA_ROOT)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the contents of a non-empty database or media folder",
        )

    def handle(self, *args, **options):
        source = Path(options["source"])
        if not source.is_file():
            raise CommandError(f"--from: no file {source}")
        media = backups.media_path(source)
        if options["media_to"] and not media.is_file():
            raise CommandError(f"--media-to: no {media} beside the backup")
        try:
            target = environ.Env.db_url_config(options["database_url"])
        except Exception as e:  # environ raises several kinds for a malformed URL
            raise CommandError(f"--database-url: cannot parse it ({e})") from None
        kind = backups.kind_of(source)
        engine = target["ENGINE"].rsplit(".", 1)[-1]
        if kind == "postgresql" and engine in ("postgresql", "postgis"):
            self._restore_postgresql(source, target, force=options["force"])
        elif kind == "sqlite" and engine == "sqlite3":
            self._restore_sqlite(source, Path(target["NAME"]), force=options["force"])
        else:
            raise CommandError(f"a {kind} backup cannot be restored into {engine}")
        self.stdout.write(f"database restored from {source}")
        if options["media_to"]:
            files = backups.extract_media(media, Path(options["media_to"]), force=options["force"])
            self.stdout.write(f"media restored: {files} files into {options['media_to']}")
        call_command("verify_audit", database_url=options["database_url"], stdout=self.stdout)

    @staticmethod
    def _restore_postgresql(source: Path, target: dict, *, force: bool) -> None:
        params = {
            "dbname": target["NAME"],
            "host": target.get("HOST") or None,
            "port": target.get("PORT") or None,
            "user": target.get("USER") or None,
            "password": target.get("PASSWORD") or None,
            **{k: v for k, v in target.get("OPTIONS", {}).items() if k in backups.LIBPQ_OPTIONS},
        }
        try:
            with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
                relations = conn.execute(USER_RELATIONS).fetchone()[0]
        except psycopg.Error as e:
            raise CommandError(f"cannot connect to the target database: {e}") from None
        if relations and not force:
            raise CommandError(
                f"the target database {target['NAME']} is not empty ({relations} relations): "
                "restore into a fresh database (createdb), or pass --force to replace it"
            )
        command = [
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
        ]
        if relations:
            command += ["--clean", "--if-exists"]
        command += ["--dbname", target["NAME"], str(source)]
        backups.run(command, backups.libpq_env(target))

    @staticmethod
    def _restore_sqlite(source: Path, path: Path, *, force: bool) -> None:
        if path.exists() and path.stat().st_size:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as existing:
                tables = existing.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            existing.close()
            if tables and not force:
                raise CommandError(
                    f"the target database {path} is not empty ({tables} tables): restore into "
                    "a new file, or pass --force to replace it"
                )
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        restored = sqlite3.connect(path)
        try:
            backup.backup(restored)
        finally:
            restored.close()
            backup.close()
