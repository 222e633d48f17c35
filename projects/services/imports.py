"""The projects and funding import's two steps: the preview of an upload and the
confirmation that writes it (``projects.importing`` reads and checks the workbook).

The preview writes nothing but its audit event; it signs the rows of a file without errors
for the confirm form. The confirmation checks every row again against the database and
writes them all through the projects' own services (``project_add``, ``funding_save``,
``purchase_add``: the same checks and audit events as the forms) in ONE transaction: the
first refusal rolls everything back and is reported by sheet, row and column.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent
from stations.models import Street

from .. import importing
from ..importing import ImportPlan, ImportRefused
from ..importing.checks import error_problems, file_error, row_errors
from ..importing.columns import FUNDING_FIELDS, PROJECT_FIELDS
from .funding import funding_save, purchase_add
from .projects import project_add

logger = logging.getLogger(__name__)

EVIDENCE = "Excel 导入"  # the C1 evidence of an imported project's 调研 stage


@dataclass(frozen=True)
class ImportSummary:
    projects: int
    fundings_created: int
    fundings_updated: int
    purchases: int

    @property
    def stage_records(self) -> int:
        return self.projects

    def __str__(self):
        return (
            f"projects={self.projects}, stage_records={self.stage_records}, "
            f"fundings_created={self.fundings_created}, "
            f"fundings_updated={self.fundings_updated}, purchases={self.purchases}"
        )


def _audit(event: str, *, actor, ip, street, result="success", detail="") -> None:
    AuditEvent.objects.record(
        event=event, actor=actor, ip=ip, obj=street, result=result, detail=detail
    )


@transaction.atomic
def import_preview(*, street: Street, data: bytes, actor, ip: str | None) -> tuple[ImportPlan, str]:
    """The dry run of a checked upload and, when it has no errors, the signed payload of its
    rows for the confirm form (else ""). Nothing but the audit event is written."""
    plan = importing.parse(data, street=street, user=actor)
    payload = "" if plan.errors else importing.sign(plan, user=actor)
    result = "failure" if plan.errors else "success"
    _audit(
        "projects_import_preview",
        actor=actor,
        ip=ip,
        street=street,
        result=result,
        detail=str(plan),
    )
    return plan, payload


@transaction.atomic
def import_preview_refused(*, street: Street, reason: str, actor, ip: str | None) -> None:
    """An upload refused before reading (not an .xlsx, too large, a macro ...): audited."""
    _audit(
        "projects_import_preview",
        actor=actor,
        ip=ip,
        street=street,
        result="failure",
        detail=reason,
    )


def import_confirm(*, street: Street, payload: str, actor, ip: str | None) -> ImportSummary:
    """Write the rows of a signed preview of ``street`` by ``actor``, all or nothing.

    ``ImportRefused`` (a ``ValidationError``; code ``expired``, ``tampered`` or ``rows``)
    when the payload is not a preview of theirs within the hour, or when any row is refused
    now. Not atomic itself, the writes are (``_apply``): a refusal is audited after their
    rollback, so its event is kept.
    """
    try:
        project_rows, funding_rows = importing.unsign(payload, street=street, user=actor)
        return _apply(project_rows, funding_rows, street=street, actor=actor, ip=ip)
    except ImportRefused as refused:
        detail = f"{refused.code}: errors={len(refused.errors)}: {refused.errors[0]}"
        _audit(
            "projects_import", actor=actor, ip=ip, street=street, result="failure", detail=detail
        )
        raise


def _apply(project_rows, funding_rows, *, street, actor, ip) -> ImportSummary:
    try:
        with transaction.atomic():
            # Two confirmations of one street run one after the other: the second sees the
            # first's projects and is refused, never a duplicate.
            street = Street.objects.select_for_update().get(pk=street.pk)
            plan = importing.plan_rows(project_rows, funding_rows, street=street, user=actor)
            if plan.errors:
                raise ImportRefused(plan.errors)
            summary = _write(plan, street=street, actor=actor, ip=ip)
            _audit("projects_import", actor=actor, ip=ip, street=street, detail=str(summary))
            return summary
    except DatabaseError as e:  # a concurrent change slipped past the checks
        logger.warning("projects import rolled back: %s", type(e).__name__)
        message = _("The records changed while importing; nothing was written. Try again.")
        raise ImportRefused([file_error(message)]) from e


def _write(plan: ImportPlan, *, street, actor, ip) -> ImportSummary:
    today = timezone.localdate()
    created = {}  # row of 项目 → the project it created
    for planned in plan.projects:
        row = planned.data
        with _refused_as(row, PROJECT_FIELDS):
            created[row.number] = project_add(
                unit=planned.unit,
                actor=actor,
                ip=ip,
                reached_on=today,
                evidence=EVIDENCE,
                **row.project_fields(),
            )
    fundings = {}
    for year, planned in plan.fundings.items():
        funding = planned.existing
        if planned.action != "unchanged":
            version = None if funding is None else funding.version
            first = next(r for r in plan.funding_rows if r.number == planned.rows[0])
            with _refused_as(first, FUNDING_FIELDS):
                funding = funding_save(
                    year=year,
                    street=street,
                    venture_fund=planned.venture_fund,
                    version=version,
                    actor=actor,
                    ip=ip,
                )
        fundings[year] = funding
    for purchase in plan.purchases:
        row = purchase.data
        project = purchase.project or created[purchase.planned.data.number]
        with _refused_as(row, FUNDING_FIELDS):
            purchase_add(
                funding=fundings[row.year], project=project, amount=row.amount, actor=actor, ip=ip
            )
    return ImportSummary(
        projects=len(created),
        fundings_created=plan.count("create"),
        fundings_updated=plan.count("update"),
        purchases=len(plan.purchases),
    )


@contextmanager
def _refused_as(row, keys):
    """A service's refusal of ``row`` as the import's, naming its sheet, row and column."""
    try:
        yield
    except ImportRefused:
        raise
    except ValidationError as e:
        raise ImportRefused(row_errors(row, error_problems(e, keys))) from e
