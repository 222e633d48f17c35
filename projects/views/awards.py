"""Competition awards (G5, 大比武) and practice bases (G4).

Awards are read by whoever sees the unit of the project or case study, or the street of the
person, and recorded by the district only. Practice bases are kept with the station's street:
the district and the street's clerk. Another scope's record is 404, also for a POST.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import submissions
from accounts.access import (
    keeps_street_records,
    one_or_404,
    reads_business_data,
    role_required,
    units_for,
    visible_units,
)
from accounts.addresses import request_ip
from shangcheng.forms import add_service_error
from stations.models import Unit

from ..access import (
    get_award_for_user,
    get_practice_base_for_user,
    may_record_awards,
    visible_awards,
)
from ..forms.awards import (
    AwardChoicesForm,
    AwardForm,
    AwardYearFilterForm,
    DeleteForm,
    PracticeBaseForm,
)
from ..models import PracticeBase
from ..services import awards as services

AWARDS_PER_PAGE = 50
STATIONS_PER_PAGE = 50


def _who(request) -> dict:
    return {"actor": request.user, "ip": request_ip(request)}


def _write_or_refuse(request, form, write, *, done: str, back: str):
    """On a valid POST call ``write``; a refusal is shown on the form, success redirects.
    An add form saves once (``accounts.submissions``): sent again, it goes to ``back``."""
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                write()
                submission.went_to(back)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, done)
            return redirect(back)
    return None


def _confirm_delete(request, record, *, delete, back: str, done: str, template: str):
    """GET asks for confirmation; only a POST deletes, and only the version it was shown."""
    form = DeleteForm(request.POST or None, record=record)

    def write():
        delete(version=form.cleaned_data["version"], **_who(request))

    response = _write_or_refuse(request, form, write, done=done, back=back)
    if response is not None:
        return response
    return render(request, template, {"record": record, "form": form, "back": back})


# G5: awards.


def _awards_url(year: int | None = None) -> str:
    url = reverse("projects:awards")
    return f"{url}?year={year}" if year else url


@role_required(reads_business_data)
@never_cache  # the names of awarded people
@require_http_methods(["GET", "HEAD"])
def award_list(request):
    year_form = AwardYearFilterForm(request.GET or None)
    year = year_form.cleaned_data["year"] if year_form.is_valid() else None
    awards = visible_awards(request.user).select_related(
        "project__unit", "case_study__unit", "person__street"
    )
    if year is not None:
        awards = awards.filter(year=year)
    awards = awards.order_by("-year", "title", "pk")
    page = Paginator(awards, AWARDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "year_form": year_form,
        "year": year,
        "page": page,
        "can_record": may_record_awards(request.user),
    }
    return render(request, "projects/awards.html", context)


def _award_page(request, form, choices, *, title: str, write, done: str):
    def write_award():
        data = form.award_data()
        return write(**data, **_who(request))

    back = _awards_url(form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None)
    response = _write_or_refuse(request, form, write_award, done=done, back=back)
    if response is not None:
        return response
    context = {"form": form, "choices": choices, "title": title, "back": _awards_url()}
    return render(request, "projects/award_form.html", context)


def _choices(request) -> tuple[AwardChoicesForm, dict]:
    """The GET form that reloads the award form with another year's or street's choices."""
    choices = AwardChoicesForm(request.GET or None, user=request.user)
    if not choices.is_valid():
        return choices, {}
    return choices, {k: v for k, v in choices.cleaned_data.items() if v is not None}


@role_required(may_record_awards)
@never_cache
@require_http_methods(["GET", "POST"])
def award_add(request):
    choices, initial = _choices(request)
    initial.setdefault("year", timezone.localdate().year)
    if not choices.is_bound:
        choices = AwardChoicesForm(initial=initial, user=request.user)
    form = AwardForm(
        request.POST or None, user=request.user, initial=initial, submitter=request.user
    )
    return _award_page(
        request,
        form,
        choices,
        title=_("Record an award"),
        write=services.award_add,
        done=_("Award recorded."),
    )


@role_required(may_record_awards)
@never_cache
@require_http_methods(["GET", "POST"])
def award_edit(request, pk):
    award = get_award_for_user(request.user, pk, write=True)
    choices, initial = _choices(request)
    form = AwardForm(request.POST or None, instance=award, user=request.user, initial=initial)
    if not choices.is_bound:
        choices = AwardChoicesForm(
            initial={"year": form.year, "street": form.street_pk},
            user=request.user,
        )
    return _award_page(
        request,
        form,
        choices,
        title=_("Edit award: %(title)s") % {"title": award.title},
        write=partial(services.award_update, award=award),
        done=_("Saved."),
    )


@role_required(may_record_awards)
@never_cache
@require_http_methods(["GET", "POST"])
def award_delete(request, pk):
    award = get_award_for_user(request.user, pk, write=True)
    return _confirm_delete(
        request,
        award,
        delete=partial(services.award_delete, award=award),
        back=_awards_url(award.year),
        done=_("Award deleted."),
        template="projects/award_confirm_delete.html",
    )


# G4: practice bases, kept with the station's street.


@role_required(keeps_street_records)
@require_http_methods(["GET", "HEAD"])
def practice_base_list(request):
    """The stations the user sees, by street, each with its practice bases (three queries)."""
    stations = (
        visible_units(request.user)
        .filter(kind=Unit.Kind.STATION)
        .select_related("street")
        .prefetch_related("practice_bases")
        .order_by("street__code", "pk")
    )
    page = Paginator(stations, STATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "projects/practice_bases.html", {"page": page})


def _practice_base_page(request, form, *, title: str, write, done: str):
    back = reverse("projects:practice_bases")
    response = _write_or_refuse(
        request, form, lambda: write(**form.cleaned_data, **_who(request)), done=done, back=back
    )
    if response is not None:
        return response
    context = {"form": form, "title": title, "back": back}
    return render(request, "projects/practice_base_form.html", context)


@role_required(keeps_street_records)
@require_http_methods(["GET", "POST"])
def practice_base_add(request, pk):
    stations = units_for(request.user, write=True).stations().select_related("street")
    station = one_or_404(stations, pk=pk)
    return _practice_base_page(
        request,
        PracticeBaseForm(
            request.POST or None, instance=PracticeBase(station=station), submitter=request.user
        ),
        title=_("Add a practice base: %(unit)s") % {"unit": station.name},
        write=partial(services.practice_base_add, station=station),
        done=_("Practice base added."),
    )


@role_required(keeps_street_records)
@require_http_methods(["GET", "POST"])
def practice_base_edit(request, pk):
    base = get_practice_base_for_user(request.user, pk, write=True)
    return _practice_base_page(
        request,
        PracticeBaseForm(request.POST or None, instance=base),
        title=_("Edit practice base: %(base)s") % {"base": base},
        write=partial(services.practice_base_update, base=base),
        done=_("Saved."),
    )


@role_required(keeps_street_records)
@require_http_methods(["GET", "POST"])
def practice_base_delete(request, pk):
    base = get_practice_base_for_user(request.user, pk, write=True)
    return _confirm_delete(
        request,
        base,
        delete=partial(services.practice_base_delete, base=base),
        back=reverse("projects:practice_bases"),
        done=_("Practice base deleted."),
        template="projects/practice_base_confirm_delete.html",
    )


urlpatterns = [
    path("awards/", award_list, name="awards"),
    path("awards/add/", award_add, name="award_add"),
    path("awards/<int:pk>/edit/", award_edit, name="award_edit"),
    path("awards/<int:pk>/delete/", award_delete, name="award_delete"),
    path("practice-bases/", practice_base_list, name="practice_bases"),
    path("stations/<int:pk>/practice-bases/add/", practice_base_add, name="practice_base_add"),
    path("practice-bases/<int:pk>/edit/", practice_base_edit, name="practice_base_edit"),
    path("practice-bases/<int:pk>/delete/", practice_base_delete, name="practice_base_delete"),
]
