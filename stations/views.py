"""Edit pages of a unit and its sub-records: lists (L1), special stations (F9), schools (T4),
recognitions (T1/T3). The pages that show a unit, a street and the district combine apps
and live in ``shangcheng.pages``.

Each view fetches through ``stations.access`` (out of scope: 404), validates with a form and
writes through ``stations.services``; any refusal of a service is shown on the form.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import submissions
from accounts.access import get_street_for_user, get_unit_for_user, role_required
from accounts.addresses import request_ip
from shangcheng.forms import add_service_error

from . import services
from .access import (
    get_list_item_for_user,
    get_recognition_for_user,
    get_recognition_unit_for_user,
    get_school_for_user,
    get_special_station_for_user,
    get_station_for_user,
    may_close_years,
)
from .compliance import premises_findings
from .forms import (
    DeleteForm,
    ListItemForm,
    RecognitionForm,
    RevokeForm,
    SchoolForm,
    SpecialStationForm,
    YearCloseForm,
    YearReopenForm,
    unit_form_class,
)
from .models import ListItem, Recognition, School, SpecialStation, Street, YearClosure


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    form_class = unit_form_class(unit)
    form = form_class(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form_class.Meta.fields}
        try:
            unit = services.unit_update(unit=unit, data=data, version=form.cleaned_data["version"])
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(unit)
    context = {"unit": unit, "form": form, "findings": premises_findings(unit)}
    return render(request, "stations/unit_form.html", context)


# A unit's sub-records. Each view fetches through ``accounts.access`` (out of scope: 404),
# validates with a form and writes through ``stations.services``.


def _record_form(request, form, *, write, back, title, done, submit=None, danger=False):
    """Show ``form``; on a valid POST call ``write(**cleaned_data)`` and return to ``back``.

    A refusal is shown on the form: under its field, or above the form when it names none
    (``StaleEdit``: someone saved the record after this form was opened). An add form saves
    once (``accounts.submissions``): sent again, it goes back to ``back`` and says so.
    """
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                write(**form.cleaned_data)
                submission.went_to(back)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, done)
            return redirect(back)
    context = {
        "form": form,
        "title": title,
        "back": back.get_absolute_url(),
        "submit": submit or _("Save"),
        "danger": danger,
    }
    return render(request, "stations/record_form.html", context)


def _confirm_delete(request, record, *, delete, back, done):
    """GET asks for confirmation; only a POST deletes, and only the version it was shown."""
    form = DeleteForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            delete(version=form.cleaned_data["version"])
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, done)
            return redirect(back)
    context = {"record": record, "form": form, "back": back.get_absolute_url()}
    return render(request, "stations/confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
def list_item_add(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    return _record_form(
        request,
        ListItemForm(request.POST or None, instance=ListItem(unit=unit), submitter=request.user),
        write=partial(services.list_item_add, unit=unit),
        back=unit,
        title=_("Add a list item: %(unit)s") % {"unit": unit.name},
        done=_("List item added."),
    )


@require_http_methods(["GET", "POST"])
def list_item_edit(request, pk):
    item = get_list_item_for_user(request.user, pk, write=True)
    title = _("Edit list item: %(title)s") % {"title": item.title}
    return _record_form(
        request,
        ListItemForm(request.POST or None, instance=item),
        write=partial(services.list_item_update, item=item),
        back=item.unit,
        title=title,
        done=_("Saved."),
    )


@require_http_methods(["GET", "POST"])
def list_item_delete(request, pk):
    item = get_list_item_for_user(request.user, pk, write=True)
    return _confirm_delete(
        request,
        item,
        delete=partial(services.list_item_delete, item=item),
        back=item.unit,
        done=_("List item deleted."),
    )


@require_http_methods(["GET", "POST"])
def special_station_add(request, pk):
    station = get_station_for_user(request.user, pk, write=True)
    return _record_form(
        request,
        SpecialStationForm(
            request.POST or None, instance=SpecialStation(station=station), submitter=request.user
        ),
        write=partial(services.special_station_add, station=station),
        back=station,
        title=_("Add a special station: %(unit)s") % {"unit": station.name},
        done=_("Special station added."),
    )


@require_http_methods(["GET", "POST"])
def special_station_edit(request, pk):
    special = get_special_station_for_user(request.user, pk, write=True)
    title = _("Edit special station: %(name)s") % {"name": special.name}
    return _record_form(
        request,
        SpecialStationForm(request.POST or None, instance=special),
        write=partial(services.special_station_update, special=special),
        back=special.station,
        title=title,
        done=_("Saved."),
    )


@require_http_methods(["GET", "POST"])
def special_station_delete(request, pk):
    special = get_special_station_for_user(request.user, pk, write=True)
    return _confirm_delete(
        request,
        special,
        delete=partial(services.special_station_delete, special=special),
        back=special.station,
        done=_("Special station deleted."),
    )


@require_http_methods(["GET", "POST"])
def school_add(request, pk):
    street = get_street_for_user(request.user, pk, write=True)
    return _record_form(
        request,
        SchoolForm(request.POST or None, instance=School(street=street), submitter=request.user),
        write=partial(services.school_add, street=street),
        back=street,
        title=_("Add a school: %(street)s") % {"street": street.name},
        done=_("School added."),
    )


@require_http_methods(["GET", "POST"])
def school_edit(request, pk):
    school = get_school_for_user(request.user, pk, write=True)
    title = _("Edit school: %(name)s") % {"name": school.name}
    return _record_form(
        request,
        SchoolForm(request.POST or None, instance=school),
        write=partial(services.school_update, school=school),
        back=school.street,
        title=title,
        done=_("Saved."),
    )


@require_http_methods(["GET", "POST"])
def recognition_add(request, pk):
    unit = get_recognition_unit_for_user(request.user, pk)
    return _record_form(
        request,
        RecognitionForm(
            request.POST or None, instance=Recognition(unit=unit), submitter=request.user
        ),
        write=partial(services.recognition_add, unit=unit),
        back=unit,
        title=_("Record a demonstration-site recognition: %(unit)s") % {"unit": unit.name},
        done=_("Recognition recorded."),
    )


@require_http_methods(["GET", "POST"])
def recognition_revoke(request, pk):
    recognition = get_recognition_for_user(request.user, pk, write=True)
    return _record_form(
        request,
        RevokeForm(request.POST or None),
        write=partial(services.recognition_revoke, recognition=recognition),
        back=recognition.unit,
        title=_("Revoke the recognition: %(recognition)s") % {"recognition": recognition},
        done=_("Recognition revoked; it no longer counts from that date."),
        submit=_("Revoke"),
        danger=True,
    )


# Closing a year (the district only): the years with their state, close, reopen with a reason.


def _rows(streets: list[Street], closures: list[YearClosure]) -> list[dict]:
    """One row per year since 2022 (and any later year on record): its state for the whole
    district and for each street."""
    active = {(c.year, c.street_id) for c in closures if c.active}
    last = max([timezone.localdate().year, *(c.year for c in closures)])
    rows = []
    for year in range(last, services.FIRST_CLOSABLE_YEAR - 1, -1):
        district = (year, None) in active
        rows.append(
            {
                "year": year,
                "district": district,
                "streets": [district or (year, s.pk) in active for s in streets],
                "closable": year < timezone.localdate().year,
            }
        )
    return rows


def _page(request, *, close_form=None, reopen_form=None, status=200):
    streets = list(Street.objects.order_by("code"))
    closures = list(
        YearClosure.objects.select_related("street", "closed_by", "reopened_by").order_by(
            "-year", "street__code", "-closed_at"
        )
    )
    context = {
        "streets": streets,
        "rows": _rows(streets, closures),
        "closures": closures,
        "close_form": close_form or YearCloseForm(),
        "reopen_form": reopen_form or YearReopenForm(),
    }
    return render(request, "stations/years.html", context, status=status)


@role_required(may_close_years)
def years(request):
    return _page(request)


@role_required(may_close_years)  # outermost: 404 for other roles whatever the method
@require_POST
def year_close(request):
    form = YearCloseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.year_close(
                year=data["year"], street=data["street"], actor=request.user, ip=request_ip(request)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            scope = services.scope_label(data["street"])
            messages.success(
                request,
                _("Closed: %(year)s, %(scope)s.") % {"year": data["year"], "scope": scope},
            )
            return redirect("stations:years")
    return _page(request, close_form=form)


@role_required(may_close_years)
@require_POST
def year_reopen(request):
    form = YearReopenForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.year_reopen(
                year=data["year"],
                street=data["street"],
                reason=data["reason"],
                actor=request.user,
                ip=request_ip(request),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            scope = services.scope_label(data["street"])
            messages.success(
                request,
                _("Reopened: %(year)s, %(scope)s.") % {"year": data["year"], "scope": scope},
            )
            return redirect("stations:years")
    return _page(request, reopen_form=form)
