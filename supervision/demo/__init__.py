"""Demo supervisors, engagements, agreements, assignments, evaluations and appraisals, on
the demo tree and staff (called from ``shangcheng.demo`` with the day it is seeded as of).

About thirty supervisors of every type and level join the streets' rosters (ID numbers in a
range the staff demo never uses); every V-finding occurs somewhere (``team``), and a year of
evaluations in every state waits for the district and the supervisors (``work``). The demo
``supervisor`` account is linked to the first supervisor, who has work waiting. Bulk inserts
with one history row each; a second run creates nothing (the team is seeded once).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from staffing.models import Person
from stations.models import Street, Unit
from stations.models.closing import ensure_records_open

from ..models import (
    Agreement,
    AnnualAppraisal,
    Assignment,
    DistrictParameters,
    Engagement,
    EvaluationEvent,
    MonthlyEvaluation,
    Supervisor,
)
from .team import Team
from .work import FIRST_YEAR, Work

MONTHLY_FEE = Decimal("1200.00")
EMPTY = dict.fromkeys(
    ["supervisors", "engagements", "agreements", "assignments", "evaluations", "appraisals"], 0
)


def _insert(objs: list, model) -> int:
    """Bulk insert with one history row each, marked as demo data; never into a closed
    year (bulk inserts pass no model guard)."""
    ensure_records_open(objs)
    bulk_create_with_history(
        objs, model, default_change_reason="演示数据", default_date=timezone.now()
    )
    return len(objs)


def _parameters(as_of: date) -> None:
    """The district's parameters of every year since 2022 (the fee V5 pays)."""
    have = set(DistrictParameters.objects.values_list("year", flat=True))
    rows = [
        DistrictParameters(year=year, monthly_fee=MONTHLY_FEE)
        for year in range(FIRST_YEAR, as_of.year + 1)
        if year not in have
    ]
    _insert(rows, DistrictParameters)


def _date_steps(work: Work) -> None:
    """``EvaluationEvent.at`` is set to now on insert: write the demo's times, from the
    evaluation for submissions and reviews, by draft time for the rest (a few dozen)."""
    A = EvaluationEvent.Action
    if not work.steps:
        return
    steps = EvaluationEvent.objects.filter(pk__gte=min(s.event.pk for s in work.steps))
    of = MonthlyEvaluation.objects.filter(pk=OuterRef("evaluation_id"))
    steps.filter(action=A.SUBMIT).update(at=Subquery(of.values("submitted_at")[:1]))
    reviews = steps.filter(action__in=[A.APPROVE, A.RETURN])
    reviews.update(at=Subquery(of.values("reviewed_at")[:1]))
    drafted = defaultdict(list)
    for step in work.steps:
        if step.event.action == A.CREATE:
            drafted[step.at].append(step.event.pk)
    for at, pks in drafted.items():
        EvaluationEvent.objects.filter(pk__in=pks).update(at=at)


def _write(team: Team, work: Work) -> dict:
    members = team.members
    _insert([m.supervisor.person for m in members], Person)
    counts = {"supervisors": _insert([m.supervisor for m in members], Supervisor)}
    counts["engagements"] = _insert([e for m in members for e in m.engagements], Engagement)
    counts["agreements"] = _insert([a for m in members for a in m.agreements], Agreement)
    counts["assignments"] = _insert([a for m in members for a in m.assignments], Assignment)
    counts["evaluations"] = _insert(work.evaluations, MonthlyEvaluation)
    ensure_records_open([s.event for s in work.steps])
    EvaluationEvent.objects.bulk_create([s.event for s in work.steps], batch_size=1000)
    _date_steps(work)
    counts["appraisals"] = _insert(work.appraisals, AnnualAppraisal)
    return counts


@transaction.atomic
def seed(*, as_of: date) -> dict:
    """Seed the team once (nothing if any supervisor is on record); returns the counts
    created."""
    if Supervisor.objects.exists():
        return dict(EMPTY)
    streets = list(Street.objects.order_by("code"))
    units = list(Unit.objects.select_related("community").order_by("street__code", "pk"))
    if not streets or not units:
        return dict(EMPTY)
    _parameters(as_of)
    taken = set(Person.objects.values_list("id_number", flat=True))
    team = Team(as_of, streets, taken).build(units)
    account = User.objects.filter(username="supervisor", role=User.Role.SUPERVISOR).first()
    team.members[0].supervisor.user = account
    reviewer = User.objects.filter(username="district", role=User.Role.DISTRICT).first()
    work = Work(team, reviewer).build()
    return _write(team, work)
