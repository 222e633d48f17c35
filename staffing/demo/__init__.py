"""Demo staff on the demo tree: people, certificates, posts, appraisals and training.

Called from ``shangcheng.demo`` with the day the demo is seeded as of; every recent date is
counted back from it (``plan.Calendar``). As in the stations' demo, every generated value
comes from a random generator seeded by a division code, so the data are the same on every
machine for the same ``as_of``; a street whose roster already has people is left alone, so
a second run creates nothing.

The stations are staffed to a plan (``plan.station_plan``) so that every staffing finding
and both tenure benefits occur somewhere in the district; each workroom gets about a dozen
people. The bulk goes in through ``bulk_create_with_history`` (seed_demo must stay fast);
the few showcase posts go through ``post_assign``, so the person who moved from one post to
another and the dual post refused under S4 leave the same trail as a clerk's entry would.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from stations.models import Street, Unit
from stations.models.closing import ensure_records_open

from ..models import (
    Attendance,
    Certificate,
    Person,
    Post,
    Qualification,
    StaffAppraisal,
    TrainingEvent,
)
from ..services import post_assign
from . import training
from .people import Roster, appraisals, qualifications, staff_station, staff_workroom
from .plan import DEFAULT_PLAN, EARLIEST_AS_OF, Calendar, P, station_plan

__all__ = ["EARLIEST_AS_OF", "seed"]


def _showcase(roster: Roster) -> int:
    """The posts that go through ``post_assign``; returns how many attempts were refused."""
    clerk = User.objects.filter(username=roster.street.pinyin, street=roster.street).first()
    refused = 0
    for member in roster.members:
        for p in member.posts if member.via_service else []:
            post_assign(
                person=member.person,
                unit=p.unit,
                post=p.post,
                start=p.start,
                end=p.end,
                actor=clerk,
            )
        if member.dual_attempt and roster.workrooms:
            try:  # S4: the deputy cannot also take a community's full-time post
                post_assign(
                    person=member.person,
                    unit=roster.workrooms[0],
                    post=P.WORKROOM_SOCIAL_WORKER,
                    start=member.dual_attempt,
                    actor=clerk,
                    note="兼任社区社会工作岗",
                )
            except ValidationError:
                refused += 1
    return refused


def _roster(street: Street, taken: set[str], stations: dict[str, Unit], cal: Calendar) -> Roster:
    roster = Roster(street, taken, cal)
    if street.name in stations:
        plan = station_plan(cal).get(street.name, DEFAULT_PLAN)
        staff_station(roster, stations[street.name], plan, stations)
    for unit in roster.workrooms:
        staff_workroom(roster, unit, [w for w in roster.workrooms if w.pk != unit.pk])
    return roster


def _insert(objs: list, model) -> int:
    """Bulk insert with one history row each, marked as demo data; never into a closed
    year (bulk inserts pass no model guard)."""
    ensure_records_open(objs)
    bulk_create_with_history(
        objs, model, default_change_reason="演示数据", default_date=timezone.now()
    )
    return len(objs)


def _write_staff(rosters: list[Roster]) -> dict:
    members = [m for r in rosters for m in r.members]
    counts = {"people": _insert([m.person for m in members], Person)}
    counts["certificates"] = _insert([m.certificate for m in members if m.certificate], Certificate)
    counts["posts"] = _insert([p for m in members if not m.via_service for p in m.posts], Post)
    counts["appraisals"] = _insert([a for r in rosters for a in appraisals(r)], StaffAppraisal)
    _insert([q for r in rosters for q in qualifications(r)], Qualification)
    counts["refused"] = sum(_showcase(r) for r in rosters)
    counts["posts"] += sum(len(m.posts) for m in members if m.via_service)
    return counts


def _write_training(rosters: list[Roster], cal: Calendar) -> dict:
    district, created = (
        training.district_events(cal.training_years, cal.as_of) if rosters else ([], 0)
    )
    by_street = {r.street.pk: training.street_events(r) for r in rosters}
    created += _insert([e for events in by_street.values() for e in events], TrainingEvent)
    rows = [a for r in rosters for a in training.attendance(r, district, by_street[r.street.pk])]
    ensure_records_open(rows)
    Attendance.objects.bulk_create(rows)
    return {"trainings": created, "attendances": len(rows)}


@transaction.atomic
def seed(*, as_of: date) -> dict:
    """Staff every street whose roster is still empty, as of ``as_of`` (2026 or later);
    returns the counts created."""
    if as_of < EARLIEST_AS_OF:
        raise ValueError(f"as_of {as_of} is before {EARLIEST_AS_OF}, which the demo needs")
    cal = Calendar(as_of)
    streets = (
        Street.objects.exclude(pk__in=Person.objects.values("street"))
        .prefetch_related("units__community")
        .order_by("code")
    )
    stations = {u.street.name: u for u in Unit.objects.stations().select_related("street")}
    taken = set(Person.objects.values_list("id_number", flat=True))
    rosters = [_roster(street, taken, stations, cal) for street in streets]
    return _write_staff(rosters) | _write_training(rosters, cal)
