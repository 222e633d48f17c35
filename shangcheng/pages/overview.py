"""Start pages: where each role lands, the district's and a street's overview, the rules."""

from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import (
    can_write_street,
    get_street_for_user,
    is_auditor,
    is_community_user,
    is_district,
    is_street_clerk,
    is_supervisor,
    is_system_administrator,
    reads_business_data,
    role_required,
    visible_streets,
    visible_units,
)
from shangcheng import rules
from staffing.compliance import staffing_summaries

from .todo import todo_for


def home(request):
    """Send each role to its start page."""
    user = request.user
    if is_district(user):
        return redirect("district")
    if is_street_clerk(user):
        return redirect("street", pk=user.street_id)
    if is_auditor(user):
        return redirect("accounts:audit_log")
    if is_system_administrator(user):
        return redirect("admin:index")
    workroom = visible_units(user).workrooms().first() if is_community_user(user) else None
    if workroom is not None:
        return redirect(workroom)
    # Roles without a page of their own yet say why (no dead end); a supervisor's to-do.
    context = {"is_supervisor": is_supervisor(user), "is_community": is_community_user(user)}
    if is_supervisor(user):
        context["todo"] = todo_for(user, timezone.localdate())
        context["units"] = list(visible_units(user).order_by("street__code", "kind", "name"))
    return render(request, "home.html", context)


@role_required(reads_business_data)
def rule_catalogue(request):
    """Every rule of the policy with id, clause, text and kind; findings link here."""
    return render(request, "rules.html", {"rules": rules.RULES})


def _station_summaries(stations, on):
    """The S1 numbers of each street's station, by street id."""
    stations = list(stations)
    summaries = staffing_summaries(stations, on)
    return {station.street_id: summaries[station.pk] for station in stations}


@role_required(is_district)
def district(request):
    """Every street with its community and workroom counts and its station's S1 numbers."""
    streets = visible_streets(request.user).annotate(
        community_count=Count("communities", distinct=True),
        workroom_count=Count("units", filter=Q(units__kind="workroom"), distinct=True),
        station_count=Count("units", filter=Q(units__kind="station"), distinct=True),
    )
    summaries = _station_summaries(visible_units(request.user).stations(), timezone.localdate())
    rows = [(s, summaries.get(s.pk)) for s in streets]
    totals = {
        "communities": sum(s.community_count for s, _ in rows),
        "workrooms": sum(s.workroom_count for s, _ in rows),
        "stations": sum(s.station_count for s, _ in rows),
    }
    todo = todo_for(request.user, timezone.localdate())
    return render(request, "pages/district.html", {"rows": rows, "totals": totals, "todo": todo})


def street(request, pk):
    street = get_street_for_user(request.user, pk)
    communities = street.communities.with_workroom_flag()
    units = street.units.select_related("community")
    station = next((u for u in units if u.is_station), None)
    summary = staffing_summaries([station], timezone.localdate())[station.pk] if station else None
    return render(
        request,
        "pages/street.html",
        {
            "street": street,
            "station": station,
            "staffing": summary,
            "workrooms": [u for u in units if not u.is_station],
            "communities_without": [c for c in communities if not c.workroom_count],
            "community_count": len(communities),
            "schools": street.schools.prefetch_related("served_by"),
            "can_edit_schools": can_write_street(request.user, street),
            "can_keep_funding": can_write_street(request.user, street),
            # The street page is a clerk's start page: their to-do shows here.
            "todo": (
                todo_for(request.user, timezone.localdate())
                if is_street_clerk(request.user)
                else None
            ),
        },
    )
