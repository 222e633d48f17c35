"""Celery tasks of supervision: thin, idempotent, each leaving its ``ReportRun`` row."""

from celery import shared_task
from django.utils import timezone

from reports.models import ReportRun
from reports.services import run_fail, run_finish, run_start
from stations.models import ClosedYear

from .services.appraisals import year_end_run


@shared_task
def year_end(run_id: int) -> int:
    """V4: draft the appraisals of the run's year; the run ends done, or failed with the
    error (and the task fails too, so the worker's log has the traceback)."""
    run = ReportRun.objects.select_related("started_by").get(pk=run_id)
    year = run.params["year"]
    try:
        drafts = year_end_run(year=year, run=run)
    except ClosedYear as refused:  # a refusal, not a crash: the run says why, in Chinese
        run_fail(run=run, error=" ".join(refused.messages))
        raise
    except Exception as error:
        run_fail(run=run, error=f"{type(error).__name__}: {error}")
        raise
    run_finish(run=run, result=f"year={year} drafts={drafts}")
    return drafts


@shared_task
def year_end_current_year() -> int:
    """Beat, 1 December: draft the appraisals of the current year (Asia/Shanghai), so the
    district can score and finalise them before the end of December (V4)."""
    run = run_start(
        kind=ReportRun.Kind.YEAR_END, params={"year": timezone.localdate().year}, actor=None
    )
    return year_end(run.pk)
