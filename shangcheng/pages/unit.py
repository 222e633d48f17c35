"""The unit page: a station's or workroom's findings and what each app adds (its panel)."""

from django.shortcuts import render
from django.utils import timezone

from accounts.access import get_unit_for_user, is_community_user, visible_streets
from projects import panels as projects_panels
from shangcheng import compliance
from staffing import panels as staffing_panels
from staffing.compliance import staffing_summaries
from stations import panels as stations_panels
from supervision import panels as supervision_panels

from .todo import todo_for


def unit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    summary = staffing_summaries([unit], today)[unit.pk]
    findings = compliance.unit_findings(unit, today)
    context = {
        "unit": unit,
        "findings": findings,
        "street_visible": visible_streets(request.user).filter(pk=unit.street_id).exists(),
        "staffing_panel": staffing_panels.unit_panel(unit, on=today, summary=summary),
        "supervision_panel": supervision_panels.unit_panel(
            unit, user=request.user, on=today, findings=findings
        ),
        "projects_panel": projects_panels.unit_panel(unit, on=today, findings=findings),
        # A community user's start page is their workroom (the one unit they see): their
        # to-do shows here, from the findings just computed.
        "todo": todo_for(request.user, today, findings={unit.pk: findings})
        if is_community_user(request.user)
        else None,
        **stations_panels.unit_panel(unit, user=request.user),
    }
    return render(request, "pages/unit.html", context)
