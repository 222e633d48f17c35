"""The year-end job (V4): one draft appraisal per supervisor engaged in the year, with the
year's work indicators; idempotent, batch-atomic, never touching a final appraisal; run by
a thin Celery task that leaves its ``ReportRun``, by the command, and by beat on 1 December.

The eager tests run the task in-process (tests.settings). The worker test sends it through
Redis to a real ``celery worker`` against the same PostgreSQL test database.
"""

from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from reports.models import ReportRun
from reports.services import run_start
from shangcheng.celery import app as celery_app
from supervision.models import AnnualAppraisal
from supervision.services import appraisals
from supervision.tasks import year_end, year_end_current_year
from tests.factories import StationFactory, WorkroomFactory
from tests.supervision.factories import (
    AnnualAppraisalFactory,
    EngagementFactory,
    EvaluationFactory,
    SupervisorFactory,
)
from tests.worker import needs_worker

YEAR = 2024
ROOT = Path(__file__).resolve().parents[2]
Status = AnnualAppraisal.Status


@pytest.fixture
def unit(db):
    return StationFactory()


def _engaged(unit, *, start=date(2022, 1, 1), end=None, approved=(1, 2, 3), **supervisor):
    """A supervisor engaged from ``start`` with an approved evaluation of ``unit`` in each
    month of ``approved`` of YEAR (2 sessions, 4.0 hours each)."""
    sup = SupervisorFactory(person__street=unit.street, **supervisor)
    EngagementFactory(supervisor=sup, start=start, end=end)
    for month in approved:
        EvaluationFactory(supervisor=sup, unit=unit, month=date(YEAR, month, 1), status="approved")
    return sup


def _rows(year=YEAR):
    """Every appraisal of ``year`` with every field: what "the same rows" compares."""
    return list(AnnualAppraisal.objects.filter(year=year).order_by("pk").values())


def test_draft_counts_the_years_months_sessions_hours_and_late_filings(unit):
    # given: engaged from June 2023 to 15 August 2024 (8 months of 2024)
    sup = _engaged(unit, start=date(2023, 6, 1), end=date(2024, 8, 15), approved=(1, 2))
    other = WorkroomFactory(community=unit.street.communities.first())
    # two units in January: one approved month, sessions and hours of both
    EvaluationFactory(supervisor=sup, unit=other, month=date(YEAR, 1, 1), status="approved")
    EvaluationFactory(
        supervisor=sup, unit=unit, month=date(YEAR, 3, 1), status="approved", late=True
    )
    # filed late but not approved: a late filing, not work done
    EvaluationFactory(
        supervisor=sup, unit=unit, month=date(YEAR, 4, 1), status="submitted", late=True
    )
    EvaluationFactory(supervisor=sup, unit=unit, month=date(YEAR, 5, 1), status="draft", late=True)
    EvaluationFactory(supervisor=sup, unit=unit, month=date(2023, 12, 1), status="approved")
    # when
    assert appraisals.year_end_run(year=YEAR) == 1
    # then
    draft = AnnualAppraisal.objects.get(supervisor=sup, year=YEAR)
    assert draft.status == Status.DRAFT
    assert (draft.months_engaged, draft.months_approved) == (8, 3)
    assert (draft.sessions, draft.hours, draft.late_filings) == (8, Decimal("16.0"), 2)


def test_overlapping_engagements_count_a_month_once(unit):
    sup = _engaged(unit, start=date(2024, 3, 10), end=date(2024, 5, 31), approved=())
    EngagementFactory(supervisor=sup, start=date(2024, 5, 1), end=date(2024, 6, 1))
    appraisals.year_end_run(year=YEAR)
    assert AnnualAppraisal.objects.get(supervisor=sup).months_engaged == 4  # March–June


def test_only_supervisors_engaged_in_the_year_are_drafted(unit):
    engaged = _engaged(unit, approved=())
    _engaged(unit, start=date(2022, 1, 1), end=date(2023, 12, 31), approved=())
    _engaged(unit, start=date(2025, 1, 1), approved=())
    assert appraisals.year_end_run(year=YEAR) == 1
    assert list(AnnualAppraisal.objects.values_list("supervisor", flat=True)) == [engaged.pk]


def test_running_twice_gives_the_same_rows_and_values(unit):
    for _ in range(3):
        _engaged(unit)
    assert appraisals.year_end_run(year=YEAR) == 3
    first, history = _rows(), AnnualAppraisal.history.count()
    assert appraisals.year_end_run(year=YEAR) == 3
    assert _rows() == first
    assert AnnualAppraisal.history.count() == history  # nothing changed, nothing rewritten


def test_a_draft_is_refreshed_and_keeps_its_scores(unit):
    sup = _engaged(unit, approved=(1, 2))
    AnnualAppraisalFactory(supervisor=sup, year=YEAR, months_approved=9, sessions=99, ability=80)
    appraisals.year_end_run(year=YEAR)
    draft = AnnualAppraisal.objects.get(supervisor=sup, year=YEAR)
    assert (draft.months_approved, draft.sessions, draft.ability) == (2, 4, 80)
    assert draft.history.first().history_change_reason == appraisals.JOB_REASON


def test_a_final_appraisal_is_never_touched(unit):
    sup = _engaged(unit, approved=(1, 2))
    final = AnnualAppraisalFactory(
        supervisor=sup, year=YEAR, status=Status.FINAL, months_approved=7, sessions=30,
        ability=90, quality=90, results=90, conduct=90, total=Decimal("90"), grade="excellent",
    )  # fmt: skip
    before = _rows()
    assert appraisals.year_end_run(year=YEAR) == 0
    assert _rows() == before
    assert AnnualAppraisal.objects.get(pk=final.pk).months_approved == 7
    assert "final=1" in AuditEvent.objects.get(event="job").detail


def test_failure_half_way_leaves_no_partial_appraisal_and_a_rerun_completes(unit, monkeypatch):
    # given: five supervisors in batches of two; the second batch fails after its insert
    supervisors = [_engaged(unit, approved=range(1, 1 + i)) for i in range(1, 6)]
    monkeypatch.setattr(appraisals, "BATCH_SIZE", 2)
    real_create, calls = appraisals.bulk_create_with_history, []

    def create_then_fail(objs, model, **kwargs):
        calls.append(len(objs))
        created = real_create(objs, model, **kwargs)
        if len(calls) == 2:
            raise RuntimeError("injected failure")
        return created

    monkeypatch.setattr(appraisals, "bulk_create_with_history", create_then_fail)
    run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=None)
    # when
    with pytest.raises(RuntimeError, match="injected failure"):
        year_end.delay(run.pk)
    # then: the first batch is complete, nothing of the second is left
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert "injected failure" in run.error
    assert (run.done, run.total) == (2, 5)
    done = {a.supervisor_id: a.months_approved for a in AnnualAppraisal.objects.all()}
    assert done == {supervisors[0].pk: 1, supervisors[1].pk: 2}
    # when: run again without the fault
    monkeypatch.setattr(appraisals, "bulk_create_with_history", real_create)
    rerun = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=None)
    assert year_end.delay(rerun.pk).get() == 5
    # then: every supervisor once, with their own months
    rows = AnnualAppraisal.objects.values_list("supervisor_id", "months_approved")
    assert sorted(rows) == sorted((s.pk, i) for i, s in enumerate(supervisors, start=1))


def test_progress_is_written_to_the_run_after_each_batch(unit, monkeypatch):
    for _ in range(3):
        _engaged(unit, approved=())
    monkeypatch.setattr(appraisals, "BATCH_SIZE", 2)
    seen = []
    real_progress = appraisals.run_progress

    def spy(*, run, done, total=None):
        seen.append((done, total))
        return real_progress(run=run, done=done, total=total)

    monkeypatch.setattr(appraisals, "run_progress", spy)
    run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=None)
    assert year_end.delay(run.pk).get() == 3
    assert seen == [(0, 3), (2, None), (3, None)]
    run.refresh_from_db()
    assert (run.status, run.done, run.total, run.percent) == ("done", 3, 3, 100)
    assert run.started_at and run.finished_at and run.result == f"year={YEAR} drafts=3"


def _queries_of_a_run(unit, supervisors):
    for _ in range(supervisors):
        _engaged(unit)
    with CaptureQueriesContext(connection) as ctx:
        appraisals.year_end_run(year=YEAR)
    AnnualAppraisal.objects.all().delete()
    return len(ctx.captured_queries)


def test_queries_of_the_year_end_do_not_grow_with_the_supervisors(unit):
    small = _queries_of_a_run(unit, 2)
    assert _queries_of_a_run(unit, 10) == small


def test_a_year_outside_the_policy_is_refused(db):
    with pytest.raises(Exception, match="2022"):
        appraisals.year_end_run(year=1999)


def test_the_command_runs_now_and_prints_the_counts(unit):
    sup = _engaged(unit)
    _engaged(unit)
    AnnualAppraisalFactory(supervisor=sup, year=YEAR, status=Status.FINAL, grade="qualified")
    out = StringIO()
    call_command("run_year_end", "--year", str(YEAR), stdout=out)
    assert "2 supervisors engaged, 1 draft appraisals" in out.getvalue()
    assert "1 final appraisals left untouched" in out.getvalue()
    assert ReportRun.objects.get().status == ReportRun.Status.DONE


def test_beat_drafts_the_current_year_on_1_december_at_nine(db, monkeypatch):
    entry = settings.CELERY_BEAT_SCHEDULE["year-end-appraisals"]
    assert entry["task"] == year_end_current_year.name
    assert entry["task"] in celery_app.tasks
    schedule = entry["schedule"]
    assert (schedule.month_of_year, schedule.day_of_month) == ({12}, {1})
    assert (schedule.hour, schedule.minute) == ({9}, {0})
    monkeypatch.setattr(appraisals, "year_end_run", lambda **kw: 0)
    year_end_current_year()
    run = ReportRun.objects.get()
    assert run.params["year"] == date.today().year and run.started_by is None


# --- a real worker over Redis -----------------------------------------------------------


@needs_worker
def test_worker_runs_the_year_end_twice_through_redis_with_the_same_rows(celery_worker):
    unit = StationFactory()
    for _ in range(3):
        _engaged(unit)

    def through_worker():
        run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": YEAR}, actor=None)
        drafts = celery_worker.result(
            year_end.apply_async(args=[run.pk], queue=celery_worker.queue)
        )
        run.refresh_from_db()
        return drafts, run

    drafts, run = through_worker()
    first = _rows()
    again, rerun = through_worker()
    assert drafts == again == 3
    assert (run.status, rerun.status) == ("done", "done")
    assert (rerun.done, rerun.total) == (3, 3)
    assert len(first) == 3 and _rows() == first
