"""The to-do list (待办) of every start page, composed in one place from the apps.

``todo_for(user, on)`` lists what waits for the user, each item with a label, a count and
the page where it is done. Only items with
something to do are listed. Each role costs a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import (
    is_community_user,
    is_district,
    is_street_clerk,
    is_supervisor,
    visible_units,
)
from shangcheng import rules
from shangcheng.compliance import findings_for_units
from supervision.access import own_supervisors, visible_appraisals, visible_evaluations
from supervision.models import AnnualAppraisal, MonthlyEvaluation
from supervision.months import last_month
from supervision.reminders import unfiled


@dataclass(frozen=True)
class TodoItem:
    label: str
    count: int
    url: str | None


def _supervisor_items(user, on: date) -> list[TodoItem]:
    month = last_month(on)
    own = own_supervisors(user)
    returned = visible_evaluations(user).filter(status=MonthlyEvaluation.Status.RETURNED)
    return [
        TodoItem(
            _("Evaluations of %(month)s not filed yet") % {"month": f"{month:%Y-%m}"},
            len(unfiled(month, supervisors=own)),
            reverse("supervision:my"),
        ),
        TodoItem(_("Evaluations returned to you"), returned.count(), reverse("supervision:my")),
    ]


def _district_items(user) -> list[TodoItem]:
    submitted = visible_evaluations(user).filter(status=MonthlyEvaluation.Status.SUBMITTED)
    drafts = visible_appraisals(user).filter(status=AnnualAppraisal.Status.DRAFT)
    return [
        TodoItem(_("Evaluations to review"), submitted.count(), reverse("supervision:review")),
        TodoItem(_("Appraisals to finalise"), drafts.count(), reverse("supervision:appraisals")),
    ]


def _violations(user, on: date, found=None) -> int:
    if found is None:
        found = findings_for_units(visible_units(user).select_related("street", "community"), on)
    return sum(1 for fs in found.values() for f in fs if f.severity == rules.Severity.VIOLATION)


def _scope_items(user, on: date, found=None) -> list[TodoItem]:
    """A street clerk's or community user's open violations, on their street's page or
    their workroom's."""
    if is_street_clerk(user):
        url = reverse("street", args=[user.street_id])
    else:
        workroom = visible_units(user).first()
        url = workroom.get_absolute_url() if workroom else None
    return [TodoItem(_("Policy violations to address"), _violations(user, on, found), url)]


def todo_for(user, on: date, *, findings=None) -> list[TodoItem]:
    """What waits for ``user`` on ``on``: items with a count above zero. ``findings``: the
    findings of every unit the user sees, by unit id, when the page has them already."""
    if is_supervisor(user):
        items = _supervisor_items(user, on)
    elif is_district(user):
        items = _district_items(user)
    elif is_street_clerk(user) or is_community_user(user):
        items = _scope_items(user, on, findings)
    else:
        items = []
    return [item for item in items if item.count]
