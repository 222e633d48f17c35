"""The audit log's hash chain: how a row's hash is computed, how appends are serialised,
how the retention purge is let through the append-only trigger, and how a chain is checked.

Each row stores ``prev_hash`` (the hash of the row before it in id order, or of the purge
anchor, or ``GENESIS``) and ``hash`` = SHA-256 over a canonical JSON of its fields and
``prev_hash``. Editing a row changes its hash; deleting or inserting one breaks the next
row's link. The user id is left out on purpose: deleting a user sets it to NULL (the
username, kept as text, is hashed instead).

Plain functions over mappings, so the data migration (historical models) and the
``verify_audit`` command share them with the model.
"""

import hashlib
import ipaddress
import json
from collections.abc import Iterable, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DatabaseError

GENESIS = "0" * 64
# The fields a row's hash covers, in the order ``verify`` reads them.
HASHED_FIELDS = ("at", "username", "role", "scope", "ip", "event", "object", "result", "detail")
# pg_advisory_xact_lock key of the chain's tail (any constant unique in this database).
CHAIN_LOCK = 0x5343_4155_4449_54  # "SCAUDIT"
# The session setting the append-only trigger lets UPDATE/DELETE through with.
PURGE_SETTING = "shangcheng.audit_purge"


def _text(value) -> str:
    return "" if value is None else str(value)


def _ip(value) -> str:
    """The address as Python spells it, so what PostgreSQL's inet gives back hashes alike."""
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        return str(value)


def _at(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(fields: Mapping, prev_hash: str) -> str:
    """Hex SHA-256 of a row's ``HASHED_FIELDS`` and ``prev_hash``, canonically serialised."""
    canonical = {f: _text(fields[f]) for f in HASHED_FIELDS if f not in ("at", "ip")}
    canonical |= {"v": 1, "at": _at(fields["at"]), "ip": _ip(fields["ip"]), "prev": prev_hash}
    data = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def lock_chain(connection) -> None:
    """Serialise appends (and the purge) until the current transaction ends.

    PostgreSQL: a transaction-level advisory lock, so two writers cannot both read the same
    tail and fork the chain. SQLite serialises writing transactions by itself; a unique
    constraint on ``prev_hash`` refuses a fork on any database.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


@contextmanager
def purge_allowed(connection):
    """Let the append-only trigger pass UPDATE/DELETE inside this block (PostgreSQL; the
    setting is transaction-local, so it cannot leak into a pooled connection)."""
    if connection.vendor != "postgresql":
        yield
        return

    def turn(value):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_SETTING, value])

    turn("on")
    try:
        yield
    except BaseException:
        # A failed statement aborts the transaction, and the setting goes with it; turning it
        # off could then only fail and hide the error.
        with suppress(DatabaseError):
            turn("off")
        raise
    turn("off")


@dataclass(frozen=True)
class Verdict:
    rows: int  # rows checked (up to and including a broken one)
    head_id: int | None  # the last intact row
    head_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify(rows: Iterable[Mapping], anchor: Mapping | None = None) -> Verdict:
    """Walk ``rows`` (mappings with ``id``, ``prev_hash``, ``hash`` and ``HASHED_FIELDS``,
    in id order) from the purge ``anchor`` (``last_id``, ``hash``) or the genesis; stop at
    the first broken link."""
    expected = anchor["hash"] if anchor else GENESIS
    floor = anchor["last_id"] if anchor else 0
    count, head_id = 0, None
    for row in rows:
        count += 1
        problem = ""
        if row["id"] <= floor:
            problem = f"id is not after the purge anchor (id {floor})"
        elif row["prev_hash"] != expected:
            before = f"row {head_id}" if head_id is not None else "the chain's start"
            problem = (
                f"prev_hash {row['prev_hash'][:12]}… does not match the hash of {before} "
                f"({expected[:12]}…): a row was deleted, inserted or reordered"
            )
        elif row["hash"] != row_hash(row, row["prev_hash"]):
            problem = "hash does not match the row's contents: the row was edited"
        if problem:
            return Verdict(count, head_id, expected, broken_id=row["id"], problem=problem)
        expected, floor, head_id = row["hash"], row["id"], row["id"]
    return Verdict(count, head_id, expected)
