from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import (
    can_write_unit,
    get_street_for_user,
    get_unit_for_user,
    visible_streets,
)
from accounts.models import User
from shangcheng import compliance, rules
from staffing.views import unit_panel

from .compliance import premises_findings
from .forms import unit_form_class
from .services import StaleEdit, unit_update


def _street_rows(streets):
    """Streets with their community and workroom counts and the S1 level, in one query."""
    streets = streets.annotate(
        community_count=Count("communities", distinct=True),
        workroom_count=Count("units", filter=Q(units__kind="workroom"), distinct=True),
        station_count=Count("units", filter=Q(units__kind="station"), distinct=True),
    )
    return [(s, rules.required_social_workers(s.community_count)) for s in streets]


def district_home(request):
    if request.user.role != User.Role.DISTRICT:
        raise Http404
    rows = _street_rows(visible_streets(request.user))
    totals = {
        "communities": sum(s.community_count for s, _ in rows),
        "workrooms": sum(s.workroom_count for s, _ in rows),
        "stations": sum(s.station_count for s, _ in rows),
    }
    return render(request, "stations/district.html", {"rows": rows, "totals": totals})


def street_detail(request, pk):
    street = get_street_for_user(request.user, pk)
    communities = street.communities.with_workroom_flag()
    units = street.units.select_related("community")
    station = next((u for u in units if u.is_station), None)
    workrooms = [u for u in units if not u.is_station]
    count = len(communities)
    return render(
        request,
        "stations/street.html",
        {
            "street": street,
            "station": station,
            "workrooms": workrooms,
            "communities_without": [c for c in communities if not c.workroom_count],
            "community_count": count,
            "required": rules.required_social_workers(count),
        },
    )


def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    findings = compliance.unit_findings(unit, today)
    return render(
        request,
        "stations/unit.html",
        {
            "unit": unit,
            "findings": findings,
            "staffing_panel": unit_panel(unit, today, findings),
            "recognitions": unit.recognitions.all(),
            "special_stations": unit.special_stations.all(),
            "list_items": unit.list_items.all(),
            "schools": unit.schools.all(),
            "can_edit": can_write_unit(request.user, unit),
            "rooms_labels": rules.STATION_ROOMS if unit.is_station else rules.WORKROOM_ROOMS,
        },
    )


def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    form_class = unit_form_class(unit)
    form = form_class(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form_class.Meta.fields}
        try:
            unit = unit_update(unit=unit, data=data, version=form.cleaned_data["version"])
        except StaleEdit as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(unit)
    context = {"unit": unit, "form": form, "findings": premises_findings(unit)}
    return render(request, "stations/unit_form.html", context)
