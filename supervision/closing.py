"""Which supervision records a closed year locks (``stations.models.closing``).

A monthly evaluation (and its review trail and files) belongs to its unit's street and its
month's year. A supervisor's annual appraisal is computed from the year's evaluations of
every street they supervised: once any of those streets' year is closed, it is frozen too.
Engagements, agreements and the district's parameters are district-level: only a
whole-district closure locks them.
"""

from stations.models import Unit
from stations.models.closing import register, years_of

from .models import (
    Agreement,
    AnnualAppraisal,
    Assignment,
    DistrictParameters,
    Engagement,
    EvaluationEvent,
    EvaluationFile,
    MonthlyEvaluation,
)


def _evaluation(e: MonthlyEvaluation):
    return [e.unit.street_id], years_of(e.month)


def _event(e: EvaluationEvent):
    return _evaluation(e.evaluation)


def _file(f: EvaluationFile):
    return _evaluation(f.evaluation)


def appraisal_streets(supervisor_ids, year: int) -> set[int]:
    """The streets of the units whose ``year`` evaluations the appraisals read (one query)."""
    return set(
        Unit.objects.filter(
            supervision_evaluations__supervisor_id__in=list(supervisor_ids),
            supervision_evaluations__month__year=year,
        )
        .order_by()
        .values_list("street_id", flat=True)
        .distinct()
    )


def year_streets(year: int) -> set[int]:
    """The streets of every unit evaluated in ``year``: what the year-end job reads."""
    return set(
        Unit.objects.filter(supervision_evaluations__month__year=year)
        .order_by()
        .values_list("street_id", flat=True)
        .distinct()
    )


def _appraisal(a: AnnualAppraisal):
    return appraisal_streets([a.supervisor_id], a.year), years_of(a.year)


def _assignment(a: Assignment):
    return [a.unit.street_id], years_of(a.start, a.end)


def _district_span(record):
    return [], years_of(record.start, record.end)


def _parameters(p: DistrictParameters):
    return [], years_of(p.year)


def register_all() -> None:
    register(MonthlyEvaluation, _evaluation)
    register(EvaluationEvent, _event)
    register(EvaluationFile, _file)
    register(AnnualAppraisal, _appraisal)
    register(Assignment, _assignment, endpoints=["end"])
    register(Engagement, _district_span, endpoints=["end"])
    register(Agreement, _district_span, endpoints=["end"])
    register(DistrictParameters, _parameters)
