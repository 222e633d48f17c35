"""Writes to job records: a long run is started (queued), reports its progress (running),
and ends done or failed. The task that does the work calls these; the page that started it
polls the row. Each write is one UPDATE of the row's own fields, so progress written by a
worker never overwrites another field a second writer set."""

from django.utils import timezone

from accounts.models import User

from .models import ReportRun

ERROR_MAX = ReportRun._meta.get_field("error").max_length
RESULT_MAX = ReportRun._meta.get_field("result").max_length


def run_start(*, kind: str, params: dict, actor: User | None) -> ReportRun:
    """A queued run of ``kind`` with ``params`` (JSON), started by ``actor`` (None: beat)."""
    return ReportRun.objects.create(
        kind=kind, params=params, status=ReportRun.Status.QUEUED, started_by=actor
    )


def run_progress(*, run: ReportRun, done: int, total: int | None = None) -> ReportRun:
    """``done`` of ``total`` items; the first call marks the run running."""
    run.done = done
    fields = ["done"]
    if total is not None:
        run.total = total
        fields.append("total")
    if run.status != ReportRun.Status.RUNNING:
        run.status = ReportRun.Status.RUNNING
        fields.append("status")
    if run.started_at is None:
        run.started_at = timezone.now()
        fields.append("started_at")
    run.save(update_fields=fields)
    return run


def run_finish(*, run: ReportRun, result: str = "") -> ReportRun:
    run.status = ReportRun.Status.DONE
    run.done = max(run.done, run.total)
    run.result = result[:RESULT_MAX]
    run.error = ""
    run.finished_at = timezone.now()
    run.started_at = run.started_at or run.finished_at
    run.save(update_fields=["status", "done", "result", "error", "finished_at", "started_at"])
    return run


def run_fail(*, run: ReportRun, error: str) -> ReportRun:
    run.status = ReportRun.Status.FAILED
    run.error = (error or "error")[:ERROR_MAX]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run
