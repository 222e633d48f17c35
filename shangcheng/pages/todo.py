"""The to-do list (待办) of every start page, composed in one place from the apps.

``todo_for(user, on)`` lists what waits for the user, each item with a label, a count and
the page where it is done (``None`` while that page does not exist). Only items with
something to do are listed. Each role costs a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import NoReverseMatch, reverse
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
from supervision.access import visible_appraisals, visible_evaluations
from supervision.models import AnnualAppraisal, MonthlyEvaluation, Supervisor
from supervision.reminders import last_month, unfiled


@dataclass(frozen=True)
class TodoItem:
    label: str
    count: int
    url: str | None


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _supervisor_items(user, on: date) -> list[TodoItem]:
    month = last_month(on)
    own = Supervisor.objects.filter(user_id=user.pk)
    returned = visible_evaluations(user).filter(status=MonthlyEvaluation.Status.RETURNED)
    return [
        TodoItem(
            _("Evaluations of %(month)s not filed yet") % {"month": f"{month:%Y-%m}"},
            len(unfiled(month, supervisors=own)),
            _url("supervision:my"),
        ),
        TodoItem(_("Evaluations returned to you"), returned.count(), _url("supervision:my")),
    ]


def _district_items(user) -> list[TodoItem]:
    submitted = visible_evaluations(user).filter(status=MonthlyEvaluation.Status.SUBMITTED)
    drafts = visible_appraisals(user).filter(status=AnnualAppraisal.Status.DRAFT)
    return [
        TodoItem(_("Evaluations to review"), submitted.count(), _url("supervision:review")),
        TodoItem(_("Appraisals to finalise"), drafts.count(), _url("supervision:appraisals")),
    ]


def _violations(user, on: date) -> int:
    units = visible_units(user).select_related("street", "community")
    found = findings_for_units(units, on)
    return sum(1 for fs in found.values() for f in fs if f.severity == rules.Severity.VIOLATION)


def _scope_items(user, on: date) -> list[TodoItem]:
    """A street clerk's or community user's open violations, on their street's page or
    their workroom's."""
    if is_street_clerk(user):
        url = _url("street", user.street_id)
    else:
        workroom = visible_units(user).first()
        url = workroom.get_absolute_url() if workroom else None
    return [TodoItem(_("Policy violations to address"), _violations(user, on), url)]


def todo_for(user, on: date) -> list[TodoItem]:
    """What waits for ``user`` on ``on``: items with a count above zero."""
    if is_supervisor(user):
        items = _supervisor_items(user, on)
    elif is_district(user):
        items = _district_items(user)
    elif is_street_clerk(user) or is_community_user(user):
        items = _scope_items(user, on)
    else:
        items = []
    return [item for item in items if item.count]
