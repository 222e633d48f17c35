"""The navigation bar, built from the same predicates that guard the pages (a context
processor), so a link is shown exactly to those who may open it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import is_auditor, is_district, is_street_clerk, reads_business_data
from staffing.access import may_keep_staff, may_list_people, may_see_tenure
from supervision.access import may_file_evaluations, may_review

# (label, URL name, predicate). A label of None is the user's own street.
ITEMS = (
    (_("District"), "district", is_district),
    (None, "street", is_street_clerk),
    (_("People"), "staffing:people", may_list_people),
    (_("Import roster"), "staffing:roster_upload", may_keep_staff),
    (_("Tenure benefits"), "staffing:tenure", may_see_tenure),
    (_("Evaluation review"), "supervision:review", may_review),
    (_("Supervisor appraisals"), "supervision:appraisals", may_review),
    (_("Supervision fees"), "supervision:fees", may_review),
    (_("Supervisors"), "supervision:supervisors", may_review),
    (_("Supervision parameters"), "supervision:parameters", may_review),
    (_("My evaluations"), "supervision:my", may_file_evaluations),
    (_("My fees"), "supervision:my_fees", may_file_evaluations),
    (_("My appraisals"), "supervision:my_appraisals", may_file_evaluations),
    (_("Audit log"), "accounts:audit_log", is_auditor),
    (_("Policy rules"), "rules", reads_business_data),
)


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, allowed in ITEMS:
        if not allowed(user):
            continue
        if name == "street":
            label, url = str(user.street), reverse(name, args=[user.street_id])
        else:
            url = reverse(name)
        items.append({"label": label, "url": url, "current": request.path == url})
    return {"nav_items": items}
