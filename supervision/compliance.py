"""Where the ORM meets the supervision rules: snapshots built with a fixed number of queries.

``supervision_findings(units, on)`` gives V6 per unit (what ``shangcheng.compliance``
gathers): a station is asked whether every workroom of its street has a supervisor linked on
the day and whether it has municipal-or-higher core members; a workroom whether it has a
supervisor linked on the day. ``supervisor_findings(on)`` gives V2, V3 and V4 per supervisor
(the supervisors list). ``coverage(on)`` counts the workrooms covered.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from shangcheng import rules
from stations.models import Unit

from .models import (
    Agreement,
    AnnualAppraisal,
    Assignment,
    DistrictParameters,
    Engagement,
    Supervisor,
)


def _links_on(unit_ids, on: date):
    """(unit id, core, supervisor level) of every assignment in force on ``on`` at the
    units: one query."""
    return (
        Assignment.objects.active_on(on)
        .filter(unit_id__in=unit_ids)
        .values_list("unit_id", "core", "supervisor__level")
    )


def _core_counts(links) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for unit_id, core, level in links:
        if core and rules.SupervisorLevel(level).municipal_or_higher:
            counts[unit_id] += 1
    return counts


def supervision_findings(units, on: date) -> dict[int, list[rules.Finding]]:
    """V6 (§5(3)) per unit id, for any number of units, in two queries."""
    units = list(units)
    station_streets = {u.street_id for u in units if u.is_station}
    workrooms = defaultdict(list)  # street id -> [(pk, name)] of every workroom there
    if station_streets:
        rows = Unit.objects.workrooms().filter(street_id__in=station_streets)
        for pk, street_id, name in rows.values_list("pk", "street_id", "name"):
            workrooms[street_id].append((pk, name))
    unit_ids = {u.pk for u in units} | {pk for rows in workrooms.values() for pk, _ in rows}
    links = list(_links_on(unit_ids, on))
    covered = {unit_id for unit_id, _core, _level in links}
    cores = _core_counts(links)
    result = {}
    for unit in units:
        if unit.is_station:
            street_rooms = sorted(workrooms[unit.street_id], key=lambda r: r[1])
            result[unit.pk] = rules.check_supervisor_coverage(
                [name for _pk, name in street_rooms],
                [name for pk, name in street_rooms if pk in covered],
                cores[unit.pk],
            )
        else:
            # A workroom has no core members: only its own link is asked for (the station's
            # core-member finding is the station's).
            found = rules.check_supervisor_coverage(
                [unit.name], [unit.name] if unit.pk in covered else [], core_supervisors=1
            )
            result[unit.pk] = found
    return result


@dataclass(frozen=True)
class Coverage:
    """V6 across the district on a day."""

    workrooms: int
    covered: int
    stations: int
    stations_with_core: int


def coverage(on: date, units=None) -> Coverage:
    """How many workrooms have a supervisor linked on ``on``, and how many stations a
    municipal-or-higher core member (two queries)."""
    units = Unit.objects.all() if units is None else units
    kinds = dict(units.values_list("pk", "kind"))
    links = list(_links_on(kinds, on))
    covered = {unit_id for unit_id, _core, _level in links}
    cores = _core_counts(links)
    workrooms = [pk for pk, kind in kinds.items() if kind == Unit.Kind.WORKROOM]
    stations = [pk for pk, kind in kinds.items() if kind == Unit.Kind.STATION]
    return Coverage(
        workrooms=len(workrooms),
        covered=sum(1 for pk in workrooms if pk in covered),
        stations=len(stations),
        stations_with_core=sum(1 for pk in stations if cores[pk]),
    )


def with_engagements(supervisors):
    """``supervisors`` with their engagements (newest first) and each one's agreements."""
    return supervisors.prefetch_related(
        Prefetch(
            "engagements",
            Engagement.objects.order_by("-start").prefetch_related(
                Prefetch("agreements", Agreement.objects.order_by("start"))
            ),
        )
    )


def _engaged_in(supervisor, year: int) -> bool:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return any(
        e.start <= last and (e.end is None or e.end >= first) for e in supervisor.engagements.all()
    )


def findings_of(supervisor, on: date, params: rules.DistrictParams, appraised: set[int]):
    """V2, V3, V4 of one supervisor whose engagements and agreements are prefetched
    (``with_engagements``); ``appraised`` holds the ids finally appraised for last year."""
    findings = []
    for engagement in supervisor.engagements.all():
        if engagement.start > on:
            continue
        if engagement.end is None or engagement.end >= on:  # V2 advises on the present one
            findings += rules.check_engagement(engagement.start, engagement.end, params)
        for agreement in engagement.agreements.all():
            if agreement.start <= on:  # V3: an agreement signed too long stays on record
                findings += rules.check_agreement(agreement.start, agreement.end, params)
    year = on.year - 1  # V4: last year's appraisal, due by its 31 December
    if year >= rules.IN_FORCE.year and _engaged_in(supervisor, year):
        findings += rules.check_appraisal_done(
            year, supervisor.pk in appraised, on, name=supervisor.person.name
        )
    return findings


def findings_for(supervisors, on: date) -> dict[int, list[rules.Finding]]:
    """V2, V3, V4 per supervisor id of ``supervisors`` (loaded ``with_engagements`` and
    their person): two more queries, the year's parameters and last year's appraisals."""
    params = DistrictParameters.for_year(on.year).as_rules()
    appraised = set(
        AnnualAppraisal.objects.filter(
            year=on.year - 1, status=AnnualAppraisal.Status.FINAL
        ).values_list("supervisor_id", flat=True)
    )
    return {s.pk: findings_of(s, on, params, appraised) for s in supervisors}


def supervisor_findings(on: date, supervisors=None) -> dict[int, list[rules.Finding]]:
    """V2 (advice), V3 and V4 per supervisor id as of ``on``, in five queries whatever the
    number of supervisors (``supervisors``: a queryset, default every one)."""
    supervisors = Supervisor.objects.all() if supervisors is None else supervisors
    return findings_for(with_engagements(supervisors.select_related("person")), on)
