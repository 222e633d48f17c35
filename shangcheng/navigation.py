"""The navigation bar, built from the same predicates that guard the pages (a context
processor), so a link is shown exactly to those who may open it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import (
    is_auditor,
    is_district,
    is_street_clerk,
    keeps_street_records,
    keeps_unit_records,
    reads_business_data,
)
from projects.access import may_keep_funding, may_see_district_funding
from staffing.access import may_keep_staff, may_list_people, may_see_tenure
from stations.access import may_close_years
from supervision.access import may_file_evaluations, may_review

# (label, URL name, predicate), or (label, (item, ...)) for a menu. A label of None is the
# user's own street. A menu shows the items the user may open; with one, that item alone.
ITEMS = (
    (_("District"), "district", is_district),
    (None, "street", is_street_clerk),
    (_("People"), "staffing:people", may_list_people),
    (_("Import roster"), "staffing:roster_upload", may_keep_staff),
    (_("Tenure benefits"), "staffing:tenure", may_see_tenure),
    (
        _("Projects and funding"),
        (
            (_("Funding"), "projects:funding", may_keep_funding),
            (_("Funding floor (G2)"), "projects:funding_floor", may_see_district_funding),
            (_("Site budgets"), "projects:site_budgets", keeps_street_records),
            (_("Awards"), "projects:awards", keeps_unit_records),
            (_("Practice bases"), "projects:practice_bases", keeps_street_records),
        ),
    ),
    (
        _("Supervision"),
        (
            (_("Evaluation review"), "supervision:review", may_review),
            (_("Supervisor appraisals"), "supervision:appraisals", may_review),
            (_("Supervision fees"), "supervision:fees", may_review),
            (_("Supervisors"), "supervision:supervisors", may_review),
            (_("Supervision parameters"), "supervision:parameters", may_review),
        ),
    ),
    (_("My evaluations"), "supervision:my", may_file_evaluations),
    (_("My fees"), "supervision:my_fees", may_file_evaluations),
    (_("My appraisals"), "supervision:my_appraisals", may_file_evaluations),
    (_("Closing years"), "stations:years", may_close_years),
    (_("Audit log"), "accounts:audit_log", is_auditor),
    (_("Policy rules"), "rules", reads_business_data),
)


def _link(request, user, label, name) -> dict:
    if name == "street":
        label, url = str(user.street), reverse(name, args=[user.street_id])
    else:
        url = reverse(name)
    return {"label": label, "url": url, "current": request.path == url}


def _items(request, user, entries) -> list[dict]:
    items = []
    for label, target, *allowed in entries:
        if isinstance(target, tuple):
            children = _items(request, user, target)
            if len(children) > 1:
                current = any(child["current"] for child in children)
                items.append({"label": label, "children": children, "current": current})
            else:
                items += children
        elif allowed[0](user):
            items.append(_link(request, user, label, target))
    return items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": _items(request, user, ITEMS)}
