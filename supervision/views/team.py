"""Supervision pages: the team — the district's supervisors with their engagements,
agreements, units covered today and V2/V3/V4 findings, and the V6 coverage summary."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from accounts.access import role_required

from ..access import may_review
from ..compliance import coverage, findings_for, with_engagements
from ..models import Assignment, Supervisor


@role_required(may_review)
def supervisors(request):
    """Every supervisor, in a fixed number of queries whatever their number."""
    today = timezone.localdate()
    links_today = Prefetch(
        "assignments",
        Assignment.objects.active_on(today)
        .select_related("unit")
        .order_by("unit__street__code", "unit__kind", "unit__name"),
        to_attr="links_today",
    )
    team = list(
        with_engagements(Supervisor.objects.select_related("person")).prefetch_related(links_today)
    )
    findings = findings_for(team, today)
    context = {
        "rows": [(s, findings[s.pk]) for s in team],
        "coverage": coverage(today),
        "today": today,
    }
    return render(request, "supervision/supervisors.html", context)


urlpatterns = [
    path("supervisors/", supervisors, name="supervisors"),
]
