"""Findings kept as rows (composition): today's findings of every unit in
``reports.UnitFinding``, so no page computes every unit's findings per request.

``findings_for_units`` costs about 2.8 ms per unit; the table is kept right in two ways:

- **On write.** ``connect()`` (from ``ShangchengConfig.ready``) connects one ``post_save``
  and one ``post_delete`` receiver to every model whose records feed findings (``FEEDS``).
  A receiver runs no query: it notes what the record points at (a unit, a street, a person,
  a supervisor, a funding, a project) in a set kept per transaction, and registers one
  ``transaction.on_commit`` callback for that transaction. On commit the callback resolves
  the notes to unit ids (at most one query per kind of note) and refreshes those units
  once: a service that writes ten list items refreshes their unit once. A rolled-back
  transaction refreshes nothing.
- **At night.** ``refresh_all`` (the ``shangcheng.tasks.refresh_findings`` beat job at
  01:30, and ``manage.py refresh_findings``) recomputes every unit, street by street, for
  what the calendar alone changes (tenure, target years, expiring certificates).

What a save costs: nothing at save time; per committed transaction, up to five queries to
resolve the notes, then ``refresh_units``: the units and a row lock on them (2), the
sources' fixed queries (about 20 whatever the number of units), one DELETE and one INSERT —
about 25 queries and ~3 ms per unit touched.

Not caught at once (the nightly run fixes them): a record moved from one unit or street to
another (the old one is refreshed at night; no service moves records), bulk writes and
``QuerySet.update`` (they send no signals; no service writes feeding records in bulk), and
``loaddata`` (a restore brings the table's own rows).

Messages are stored in the site's language (``LANGUAGE_CODE``), whoever's request wrote.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date, datetime
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from projects.models import CaseStudy, Funding, Project, Purchase, SiteBudget, StageRecord
from reports.models import UnitFinding
from shangcheng import rules
from shangcheng.compliance import findings_for_units
from staffing.models import Certificate, Person, Post, Qualification
from stations.models import Community, ListItem, Recognition, Street, Unit
from supervision.models import Assignment, Supervisor

BATCH = 1000


class Stored(NamedTuple):
    """The stored findings of some units by unit id, and when the oldest of them was
    computed (None: no row, e.g. every unit is clean or none was computed yet)."""

    findings: dict[int, list[rules.Finding]]
    computed_at: datetime | None


# Reading.


def stored_findings(units) -> Stored:
    """The findings of ``units`` (units, unit ids or a Unit queryset) from the table, in
    the order they were computed: one query. Every unit given has a key."""
    if hasattr(units, "values_list"):  # a queryset: a subquery, still one query
        found: dict[int, list[rules.Finding]] = defaultdict(list)
        rows = UnitFinding.objects.filter(unit__in=units.values("pk"))
    else:
        ids = [getattr(u, "pk", u) for u in units]
        found = {pk: [] for pk in ids}
        rows = UnitFinding.objects.filter(unit_id__in=ids)
    oldest = None
    fields = ("unit_id", "rule", "clause", "severity", "message", "computed_at")
    for unit_id, rule, clause, severity, message, at in rows.order_by("unit_id", "pk").values_list(
        *fields
    ):
        found[unit_id].append(rules.Finding(rule, clause, severity, message))
        oldest = at if oldest is None or at < oldest else oldest
    return Stored(found, oldest)


# Writing.


def refresh_units(unit_ids: Iterable[int], on: date | None = None) -> int:
    """Recompute the findings of ``unit_ids`` as of ``on`` (default today) and replace
    their rows, in one transaction under a lock on the units (two refreshes of one unit
    never interleave their rows); returns the number of rows written. Unknown ids (a
    deleted unit) are skipped."""
    ids = sorted(set(unit_ids))
    if not ids:
        return 0
    on = on or timezone.localdate()
    with transaction.atomic():
        # The lock first, then the reading: a refresh that waited reads what the one before
        # it committed, so the last to finish is never older than its data.
        list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        units = list(Unit.objects.filter(pk__in=ids).select_related("street", "community"))
        with translation.override(settings.LANGUAGE_CODE):
            found = findings_for_units(units, on)
        now = timezone.now()
        rows = [
            UnitFinding(
                unit_id=pk,
                rule=f.rule,
                clause=f.clause,
                severity=f.severity,
                message=f.message,
                computed_at=now,
            )
            for pk, fs in found.items()
            for f in fs
        ]
        UnitFinding.objects.filter(unit_id__in=ids).delete()
        UnitFinding.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def refresh_all(on: date | None = None) -> dict[str, int]:
    """Recompute every unit, one street at a time (memory bounded by the largest street);
    returns the counts of streets, units and rows."""
    on = on or timezone.localdate()
    counts = {"streets": 0, "units": 0, "rows": 0}
    for street_id in Street.objects.order_by("pk").values_list("pk", flat=True).iterator():
        ids = list(Unit.objects.filter(street_id=street_id).values_list("pk", flat=True))
        counts["streets"] += 1
        counts["units"] += len(ids)
        counts["rows"] += refresh_units(ids, on)
    return counts


# Refresh on write: what each record points at (no query), resolved on commit.


def _unit(record):
    return [("unit", record.unit_id)]


FEEDS = {
    # Premises (F1–F10) and V6's list of a street's workrooms, on the station.
    Unit: lambda u: [("unit", u.pk), ("street", u.street_id)],
    Street: lambda s: [("street", s.pk)],  # names in messages
    Community: lambda c: [("street", c.street_id)],  # S1: a station's community count
    ListItem: _unit,  # L1
    Recognition: _unit,  # G6
    # S1–S5, W1–W2: a person's facts count wherever they are in post (S4: every post).
    Person: lambda p: [("person", p.pk)],
    Post: lambda p: [("unit", p.unit_id), ("person", p.person_id)],
    Certificate: lambda c: [("person", c.person_id)],
    Qualification: lambda q: [("person", q.person_id)],
    # V6: a workroom's link is also on its street's station.
    Assignment: lambda a: [("street_of_unit", a.unit_id)],
    Supervisor: lambda s: [("supervisor", s.pk)],  # V6: the level of a core member
    # P1–P3, L2, C2–C3, G6, G2 (on the street's station).
    Project: _unit,
    StageRecord: lambda r: [("project", r.project_id)],
    CaseStudy: _unit,
    SiteBudget: _unit,
    Funding: lambda f: [("street", f.street_id)] if f.street_id else [],
    Purchase: lambda p: [("funding", p.funding_id)],
}
# Records that feed no unit's findings are left out on purpose: special stations and schools
# (data only), staff appraisals (S6/S7 are tenure rows, not findings), supervision's
# engagements, agreements, evaluations and appraisals (a supervisor's V2–V4), awards.


def _resolve(notes: set[tuple[str, int]]) -> set[int]:
    """The unit ids behind the notes: one query per kind of note present."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, pk in notes:
        if pk is not None:
            by_kind[kind].add(pk)
    ids = set(by_kind["unit"])
    if by_kind["project"]:
        ids |= set(
            Project.objects.filter(pk__in=by_kind["project"]).values_list("unit_id", flat=True)
        )
    streets = set(by_kind["street"])
    if by_kind["funding"]:
        funded = Funding.objects.filter(pk__in=by_kind["funding"], street__isnull=False)
        streets |= set(funded.values_list("street_id", flat=True))
    if by_kind["street_of_unit"]:
        ids |= by_kind["street_of_unit"]
        streets |= set(
            Unit.objects.filter(pk__in=by_kind["street_of_unit"]).values_list(
                "street_id", flat=True
            )
        )
    if streets:
        ids |= set(Unit.objects.filter(street_id__in=streets).values_list("pk", flat=True))
    if by_kind["person"]:
        posts = Post.objects.filter(person_id__in=by_kind["person"])
        ids |= set(posts.values_list("unit_id", flat=True))
    if by_kind["supervisor"]:
        links = Assignment.objects.filter(supervisor_id__in=by_kind["supervisor"])
        ids |= set(links.values_list("unit_id", flat=True))
    return ids


def _refresh(notes: set[tuple[str, int]]) -> None:
    ids = _resolve(notes) if notes else set()
    if ids:
        refresh_units(ids)


_local = threading.local()


def _pending(using: str) -> set[tuple[str, int]]:
    """This transaction's notes on connection ``using``; the first note of a transaction
    registers its one on-commit refresh. A set whose callback was discarded (the
    transaction or the savepoint that registered it rolled back) is dropped."""
    conn = connections[using]
    state = getattr(conn, "_findings_pending", None)
    if state is not None:
        notes, callback = state
        if not conn.in_atomic_block or not any(c is callback for _s, c, _r in conn.run_on_commit):
            state = None
    if state is None:
        notes: set[tuple[str, int]] = set()

        def callback():
            if conn._findings_pending is not None and conn._findings_pending[1] is callback:
                conn._findings_pending = None
            _refresh(notes)

        conn._findings_pending = (notes, callback)
        if conn.in_atomic_block:
            transaction.on_commit(callback, using=using, robust=True)
    return conn._findings_pending[0]


def _note(record, using: str) -> None:
    if getattr(_local, "suspended", False):
        return
    conn = connections[using]
    notes = FEEDS[record._meta.concrete_model](record)
    if not conn.in_atomic_block:  # autocommit: the write is committed, refresh now
        transaction.on_commit(lambda: _refresh(set(notes)), using=using, robust=True)
        return
    _pending(using).update(notes)


def _on_save(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    if not raw:  # loaddata restores rows as they were, the table's own rows with them
        _note(instance, using)


def _on_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    _note(instance, using)


def connect() -> None:
    """Connect the receivers to every model in ``FEEDS`` (``ShangchengConfig.ready``)."""
    for model in FEEDS:
        uid = f"findings:{model._meta.label}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid, weak=False)


@contextmanager
def suspended():
    """No refresh on write inside (this thread): for writers that refresh everything at
    the end themselves (``seed_demo``)."""
    before = getattr(_local, "suspended", False)
    _local.suspended = True
    try:
        yield
    finally:
        _local.suspended = before
