"""A unit's case studies (C2/C3, §5(4)): the list by year with the quota of each year, add,
edit (replacing the document), delete and the scoped, audited download of the document.

Every view fetches through ``accounts.access`` / ``projects.access`` first (out of scope:
404, whatever the method) and writes through ``projects.services.cases``; a refusal is
shown on the form.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import submissions
from accounts.access import can_write_unit, get_unit_for_user, keeps_unit_records, role_required
from accounts.addresses import request_ip
from accounts.models import AuditEvent
from shangcheng import rules
from shangcheng.forms import add_service_error

from ..access import get_case_study_for_user
from ..forms.cases import CaseDeleteForm, CaseStudyForm, CaseYearForm
from ..models import CaseStudy
from ..services import cases as services

FIRST_YEAR = rules.IN_FORCE.year  # C2/C3 are counted from the year the document took effect


@dataclass(frozen=True)
class YearProgress:
    """C2/C3 of one year: ``status`` is ``in_progress`` for the current year (and any later
    one), ``met`` or ``not_met`` for a finished year, with its findings."""

    year: int
    count: int
    quota: int
    status: str
    findings: list = field(default_factory=list)


def case_progress(unit, counts: dict[int, int], today) -> list[YearProgress]:
    """Each year from 2022 to the current one (or the latest recorded), latest first."""
    quota = rules.case_quota(unit.kind)
    last = max([today.year, *counts])
    rows = []
    for year in range(last, FIRST_YEAR - 1, -1):
        count = counts.get(year, 0)
        if year >= today.year:
            rows.append(YearProgress(year, count, quota, "in_progress"))
            continue
        findings = rules.check_case_studies(unit.kind, count, year)
        rows.append(YearProgress(year, count, quota, "not_met" if findings else "met", findings))
    return rows


def _list_url(unit_pk: int, year: int | None = None) -> str:
    url = reverse("projects:cases", args=[unit_pk])
    return f"{url}?{urlencode({'year': year})}" if year else url


@never_cache
def case_list(request, pk):
    # The scope check first, whatever the method: another's unit is 404, never 405.
    unit = get_unit_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    today = timezone.localdate()
    year_form = CaseYearForm(request.GET or None)
    year = year_form.cleaned_data["year"] if year_form.is_valid() else None
    cases = unit.case_studies.order_by("-year", "title", "pk")
    if year:
        cases = cases.filter(year=year)
    counts = dict(
        CaseStudy.objects.filter(unit=unit).order_by().values_list("year").annotate(n=Count("pk"))
    )
    context = {
        "unit": unit,
        "year": year,
        "year_form": year_form,
        "cases": cases,
        "progress": case_progress(unit, counts, today),
        "may_write": can_write_unit(request.user, unit),
    }
    return render(request, "projects/case_list.html", context)


def _case_form(request, form, *, write, back: str, title: str, done: str):
    """Show ``form``; on a valid POST call ``write(**content)`` and return to ``back``.
    An add form saves once (``accounts.submissions``): sent again, it goes to the list."""
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                case = write(**form.content(), actor=request.user, ip=request_ip(request))
                went = _list_url(case.unit_id, case.year)
                submission.went_to(went)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, done)
            return redirect(went)
    context = {"form": form, "title": title, "back": back}
    return render(request, "projects/case_form.html", context)


def _posted(request):
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@role_required(keeps_unit_records)
@require_http_methods(["GET", "POST"])
def case_add(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    data, files = _posted(request)
    form = CaseStudyForm(
        data,
        files,
        instance=CaseStudy(unit=unit),
        initial={"year": timezone.localdate().year},
        submitter=request.user,
    )
    return _case_form(
        request,
        form,
        write=lambda **kw: services.case_study_add(unit=unit, **kw),
        back=_list_url(unit.pk),
        title=_("Add a case study: %(unit)s") % {"unit": unit.name},
        done=_("Case study added."),
    )


@role_required(keeps_unit_records)
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = get_case_study_for_user(request.user, pk, write=True)
    data, files = _posted(request)
    form = CaseStudyForm(data, files, instance=case)
    return _case_form(
        request,
        form,
        write=lambda **kw: services.case_study_update(
            case=case, version=form.cleaned_data["version"], **kw
        ),
        back=_list_url(case.unit_id, case.year),
        title=_("Edit case study: %(title)s") % {"title": case.title},
        done=_("Saved."),
    )


@role_required(keeps_unit_records)
@require_http_methods(["GET", "POST"])
def case_delete(request, pk):
    """GET asks for confirmation; only a POST deletes, and only the version it was shown."""
    case = get_case_study_for_user(request.user, pk, write=True)
    back = _list_url(case.unit_id, case.year)
    form = CaseDeleteForm(request.POST or None, record=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_study_delete(
                case=case,
                version=form.cleaned_data["version"],
                actor=request.user,
                ip=request_ip(request),
            )
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Case study deleted."))
            return redirect(back)
    return render(
        request, "projects/case_confirm_delete.html", {"record": case, "form": form, "back": back}
    )


@never_cache
def case_file(request, pk):
    # The scope check first, whatever the method: another's document is 404, never 405.
    case = get_case_study_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not case.file:
        raise Http404
    try:
        stream = case.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    AuditEvent.objects.record(
        event="case_file_download",
        actor=request.user,
        ip=request_ip(request),
        obj=case,
        detail=f"{case.file_name} ({case.file_size} bytes)",
    )
    return FileResponse(stream, as_attachment=True, filename=case.file_name or "file")


urlpatterns = [
    path("units/<int:pk>/cases/", case_list, name="cases"),
    path("units/<int:pk>/cases/add/", case_add, name="case_add"),
    path("cases/<int:pk>/edit/", case_edit, name="case_edit"),
    path("cases/<int:pk>/delete/", case_delete, name="case_delete"),
    path("cases/<int:pk>/file/", case_file, name="case_file"),
]
