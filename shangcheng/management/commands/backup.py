"""Back up the database and the uploaded files (docs/OPERATIONS.md)."""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from accounts.models import AuditEvent
from shangcheng.management import backups


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (PostgreSQL: pg_dump --format=custom; SQLite: a copy "
        "made with SQLite's backup API) and MEDIA_ROOT to FILE.media.tar.gz. Prints the audit "
        "chain's head for `verify_audit --expect` after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the database backup file to write")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")
        parser.add_argument(
            "--no-media", action="store_true", help="leave out MEDIA_ROOT (uploaded files)"
        )

    def handle(self, *args, **options):
        out = Path(options["out"]).absolute()
        media = backups.media_path(out)
        if not out.parent.is_dir():
            raise CommandError(f"--out: no directory {out.parent}")
        for path in (out, media):
            if path.exists():
                raise CommandError(f"{path} exists: choose another name")
        connection = connections[options["database"]]
        # The head is taken before the dump starts, so the dump contains it.
        head = (
            AuditEvent.objects.using(connection.alias)
            .order_by("-pk")
            .values_list("pk", "hash")
            .first()
        )
        partial = backups.private_file(out.with_name(out.name + ".partial"))
        try:
            self._dump(connection, partial)
            files = None
            if not options["no_media"]:
                files = backups.archive_media(Path(settings.MEDIA_ROOT), media)
            partial.rename(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        head_text = f"{head[0]}:{head[1]}" if head else "none"
        size = out.stat().st_size
        AuditEvent.objects.db_manager(connection.alias).record(
            event="backup",
            username="system",
            obj=out.name,
            detail=f"bytes={size} media_files={files} audit_head={head_text}",
        )
        self.stdout.write(f"database: {out} ({size} bytes)")
        if files is not None:
            self.stdout.write(f"media: {media} ({files} files)")
        self.stdout.write(f"audit head: {head_text}")

    @staticmethod
    def _dump(connection, path: Path) -> None:
        if connection.vendor == "postgresql":
            name = connection.settings_dict["NAME"]
            env = backups.libpq_env(connection.settings_dict)
            command = ["pg_dump", "--format=custom", "--file", str(path), "--dbname", name]
            backups.run(command, env)
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            raise CommandError(f"cannot back up a {connection.vendor} database")
