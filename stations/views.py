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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import get_street_for_user, get_unit_for_user
from shangcheng.forms import add_service_error

from . import services
from .access import (
    get_list_item_for_user,
    get_recognition_for_user,
    get_recognition_unit_for_user,
    get_school_for_user,
    get_special_station_for_user,
    get_station_for_user,
)
from .compliance import premises_findings
from .forms import (
    DeleteForm,
    ListItemForm,
    RecognitionForm,
    RevokeForm,
    SchoolForm,
    SpecialStationForm,
    unit_form_class,
)
from .models import ListItem, Recognition, School, SpecialStation


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
    (``StaleEdit``: someone saved the record after this form was opened).
    """
    if request.method == "POST" and form.is_valid():
        try:
            write(**form.cleaned_data)
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
        ListItemForm(request.POST or None, instance=ListItem(unit=unit)),
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
        SpecialStationForm(request.POST or None, instance=SpecialStation(station=station)),
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
        SchoolForm(request.POST or None, instance=School(street=street)),
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
        RecognitionForm(request.POST or None, instance=Recognition(unit=unit)),
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
