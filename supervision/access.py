"""Who may reach which supervisors, evaluations and appraisals, on ``accounts.access`` scope.

A supervisor files evaluations for the units assigned to them on the day and sees only their
own evaluations, fees and appraisals; the district reviews every evaluation, finalises the
appraisals and keeps the supervisors; street and community users read the approved
evaluations of the units they see. Anything else is 404.
"""

from accounts.access import (
    is_district,
    is_supervisor,
    one_or_404,
    supervised_units,
    visible_units,
)
from reports.models import ReportRun

from .models import AnnualAppraisal, EvaluationFile, MonthlyEvaluation, Supervisor


def own_supervisors(user):
    """The supervisor record of a supervisor's account, as a queryset (empty otherwise)."""
    if not is_supervisor(user):
        return Supervisor.objects.none()
    return Supervisor.objects.filter(user_id=user.pk)


def supervisor_of(user) -> Supervisor | None:
    """The supervisor record of a supervisor's account, if linked."""
    return own_supervisors(user).select_related("person").first()


def may_file_evaluations(user) -> bool:
    return supervisor_of(user) is not None


def may_review(user) -> bool:
    """Review evaluations, run and finalise the year-end appraisals, keep the supervisors."""
    return is_district(user)


def may_see_supervision(user) -> bool:
    """Pages about supervision at all: the district and supervisors."""
    return is_district(user) or is_supervisor(user)


def filing_units(user, on):
    """Units a supervisor may file an evaluation for: assigned on ``on``."""
    return supervised_units(user, on)


def visible_evaluations(user):
    evaluations = MonthlyEvaluation.objects.select_related("supervisor__person", "unit")
    if is_district(user):
        return evaluations
    if is_supervisor(user):
        return evaluations.filter(supervisor__user_id=user.pk)
    approved = evaluations.filter(status=MonthlyEvaluation.Status.APPROVED)
    return approved.filter(unit__in=visible_units(user))


def get_evaluation_for_user(user, pk, *, write=False):
    """``write``: the supervisor's own evaluation, to edit or submit (404 for anyone else;
    whether its status still allows it is the service's to say)."""
    if write:
        own = MonthlyEvaluation.objects.select_related("supervisor__person", "unit")
        return one_or_404(
            own.filter(supervisor__user_id=user.pk) if is_supervisor(user) else own.none(), pk=pk
        )
    return one_or_404(visible_evaluations(user), pk=pk)


def get_evaluation_file_for_user(user, pk, *, write=False):
    """A file of an evaluation the user may see (``visible_evaluations``), to download it;
    ``write``: of the supervisor's own evaluation, to remove it (whether its status still
    allows it is the service's to say). Anything else is 404."""
    files = EvaluationFile.objects.select_related(
        "evaluation__supervisor__person", "evaluation__unit"
    )
    if write:
        evaluations = (
            MonthlyEvaluation.objects.filter(supervisor__user_id=user.pk)
            if is_supervisor(user)
            else MonthlyEvaluation.objects.none()
        )
    else:
        evaluations = visible_evaluations(user)
    return one_or_404(files.filter(evaluation__in=evaluations), pk=pk)


def get_evaluation_for_review(user, pk):
    """An evaluation the district reviews (approve or return)."""
    evaluations = MonthlyEvaluation.objects.select_related("supervisor__person", "unit")
    return one_or_404(evaluations if may_review(user) else evaluations.none(), pk=pk)


def visible_appraisals(user):
    appraisals = AnnualAppraisal.objects.select_related("supervisor__person")
    if is_district(user):
        return appraisals
    if is_supervisor(user):
        return appraisals.filter(supervisor__user_id=user.pk)
    return appraisals.none()


def get_appraisal_for_user(user, pk, *, write=False):
    appraisals = (
        visible_appraisals(user)
        if not write
        else (
            AnnualAppraisal.objects.select_related("supervisor__person")
            if may_review(user)
            else AnnualAppraisal.objects.none()
        )
    )
    return one_or_404(appraisals, pk=pk)


def get_year_end_run_for_user(user, pk):
    """A year-end job record: the district's."""
    runs = ReportRun.objects.filter(kind=ReportRun.Kind.YEAR_END).select_related("started_by")
    return one_or_404(runs if may_review(user) else runs.none(), pk=pk)
