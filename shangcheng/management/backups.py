"""What ``backup`` and ``restore`` share: the file formats, the libpq environment of a
database, private files and the uploaded-files archive.

A backup is two files: ``FILE`` (PostgreSQL: ``pg_dump --format=custom``; SQLite: a copy of
the database) and ``FILE.media.tar.gz`` (the contents of ``MEDIA_ROOT``). Both hold personal
data: they are written readable by their owner only.
"""

import os
import subprocess
import tarfile
from pathlib import Path

from django.core.management.base import CommandError

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Django's OPTIONS that libpq also reads from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


def media_path(out: Path) -> Path:
    return out.with_name(out.name + ".media.tar.gz")


def kind_of(path: Path) -> str:
    """``postgresql`` or ``sqlite`` by the file's first bytes."""
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise CommandError(f"{path}: neither a pg_dump custom archive nor an SQLite database")


def libpq_env(settings_dict: dict) -> dict:
    """The environment for pg_dump/pg_restore: the password goes by PGPASSWORD, never on a
    command line where ``ps`` shows it."""
    env = dict(os.environ)
    for key, var in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    for key, var in LIBPQ_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(key):
            env[var] = str(settings_dict["OPTIONS"][key])
    return env


def run(command: list[str], env: dict) -> None:
    try:
        # A fixed program and an argument list: no shell, nothing is interpreted.
        done = subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise CommandError(f"{command[0]} not found: install the PostgreSQL client") from None
    if done.returncode != 0:
        raise CommandError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")


def private_file(path: Path) -> Path:
    """Create ``path`` empty, readable by its owner only; refuse to overwrite."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise CommandError(f"{path} exists: choose another name") from None
    except OSError as e:
        raise CommandError(f"cannot write {path}: {e.strerror}") from None
    return path


def archive_media(media_root: Path, out: Path) -> int:
    """Write the contents of ``media_root`` (none if it is missing) to ``out``, a private
    tar.gz like ``tar -C MEDIA_ROOT -czf out .``; return the number of files."""
    files = 0
    with tarfile.open(private_file(out), "w:gz") as tar:
        if media_root.is_dir():
            tar.add(media_root, arcname=".")
            files = sum(1 for p in media_root.rglob("*") if p.is_file())
    return files


def extract_media(archive: Path, target: Path, *, force: bool) -> int:
    """Unpack ``archive`` into ``target`` (created if missing; refused if it holds files,
    unless ``force``); the ``data`` filter refuses absolute paths, ``..`` and devices."""
    if target.is_dir() and any(target.iterdir()) and not force:
        raise CommandError(f"--media-to: {target} is not empty (pass --force to unpack anyway)")
    target.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.isfile()]
            tar.extractall(target, filter="data")
    except (tarfile.TarError, OSError) as e:
        raise CommandError(f"media archive {archive}: {e}") from None
    return len(members)
