"""Supervision pages: the annual appraisals (V4) and the year-end job (see supervision/urls.py).

The district sees a year's appraisals with their grade distribution, starts the year-end job
(its run page polls the job's progress with htmx), enters the four scores of a draft and
finalises it; a supervisor reads their own appraisals (the scores once final). Writes go
through ``supervision.services.appraisals``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from reports.models import ReportRun
from shangcheng import rules
from shangcheng.forms import PortalFormMixin, add_service_error

from ..access import (
    get_appraisal_for_user,
    get_year_end_run_for_user,
    may_file_evaluations,
    may_review,
    may_see_supervision,
    visible_appraisals,
)
from ..models import AnnualAppraisal
from ..services import appraisals as services

PAGE_SIZE = 100


class YearForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("year"), min_value=services.FIRST_YEAR, max_value=services.LAST_YEAR
    )


def _score_field(name: str) -> forms.IntegerField:
    label = AnnualAppraisal._meta.get_field(name).verbose_name
    return forms.IntegerField(label=label, min_value=0, max_value=100)


class ScoresForm(PortalFormMixin, forms.Form):
    """V4: the four dimensions, 0–100 each; weights and thresholds are the district's."""

    ability = _score_field("ability")
    quality = _score_field("quality")
    results = _score_field("results")
    conduct = _score_field("conduct")


def _year(request) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year


def _distribution(appraisals) -> list[dict]:
    """Counts per grade in the order of the grades, then the ungraded ones (one query)."""
    counts = dict(appraisals.order_by().values_list("grade").annotate(n=Count("pk")))
    rows = [{"label": grade.label, "count": counts.get(grade.value, 0)} for grade in rules.Grade]
    rows.append({"label": _("not graded yet"), "count": counts.get("", 0)})
    return rows


def _latest_run(year: int) -> ReportRun | None:
    return ReportRun.objects.filter(kind=ReportRun.Kind.YEAR_END, params__year=year).first()


@role_required(may_review)
def appraisal_list(request):
    year = _year(request)
    appraisals = visible_appraisals(request.user).filter(year=year)
    page = Paginator(appraisals.order_by("supervisor__person__name", "pk"), PAGE_SIZE)
    return render(
        request,
        "supervision/appraisals.html",
        {
            "year": year,
            "year_form": YearForm(initial={"year": year}),
            "page": page.get_page(request.GET.get("page")),
            "distribution": _distribution(appraisals),
            "run": _latest_run(year),
        },
    )


@role_required(may_review)  # outermost: 404 for other roles whatever the method
@require_POST
def year_end_start(request):
    form = YearForm(request.POST)
    if not form.is_valid():
        bounds = {"first": services.FIRST_YEAR, "last": services.LAST_YEAR}
        messages.error(request, _("Choose a year from %(first)s to %(last)s.") % bounds)
        return redirect("supervision:appraisals")
    try:
        run = services.year_end_queue(year=form.cleaned_data["year"], actor=request.user)
    except ValidationError as error:  # a closed year (stations.models.closing)
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('supervision:appraisals')}?year={form.cleaned_data['year']}")
    return redirect("supervision:run", pk=run.pk)


@role_required(may_review)
def run_status(request, pk):
    """The job's progress: the whole page, or (for htmx, every 2 s) its status partial."""
    run = get_year_end_run_for_user(request.user, pk)
    template = "supervision/run_status.html" if request.htmx else "supervision/run.html"
    return render(request, template, {"run": run, "year": run.params.get("year")})


@role_required(may_file_evaluations)
def my_appraisals(request):
    return render(
        request,
        "supervision/appraisals_mine.html",
        {"appraisals": visible_appraisals(request.user).order_by("-year")},
    )


@role_required(may_see_supervision)
def appraisal_detail(request, pk):
    appraisal = get_appraisal_for_user(request.user, pk)
    reviewer = may_review(request.user)
    return render(
        request,
        "supervision/appraisal.html",
        {
            "appraisal": appraisal,
            "reviewer": reviewer,
            "scores": [
                (AnnualAppraisal._meta.get_field(name).verbose_name, getattr(appraisal, name))
                for name in services.SCORE_FIELDS
            ],
            # A supervisor reads the scores once the district has finalised them.
            "show_scores": reviewer or appraisal.status == AnnualAppraisal.Status.FINAL,
            "editable": reviewer and appraisal.status == AnnualAppraisal.Status.DRAFT,
        },
    )


@role_required(may_review)
@require_http_methods(["GET", "POST"])
def appraisal_edit(request, pk):
    appraisal = get_appraisal_for_user(request.user, pk, write=True)
    if appraisal.status == AnnualAppraisal.Status.FINAL:
        messages.error(request, _("This appraisal is final and can no longer be changed."))
        return redirect("supervision:appraisal", pk=appraisal.pk)
    initial = {name: getattr(appraisal, name) for name in services.SCORE_FIELDS}
    form = ScoresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisal_update(appraisal=appraisal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("supervision:appraisal", pk=appraisal.pk)
    return render(
        request, "supervision/appraisal_form.html", {"appraisal": appraisal, "form": form}
    )


@role_required(may_review)
@require_POST
def appraisal_finalise(request, pk):
    appraisal = get_appraisal_for_user(request.user, pk, write=True)
    try:
        services.appraisal_finalise(appraisal=appraisal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The appraisal is final."))
    return redirect(reverse("supervision:appraisal", args=[appraisal.pk]))


urlpatterns = [
    path("appraisals/", appraisal_list, name="appraisals"),
    path("appraisals/year-end/", year_end_start, name="year_end_start"),
    path("appraisals/mine/", my_appraisals, name="my_appraisals"),
    path("appraisals/<int:pk>/", appraisal_detail, name="appraisal"),
    path("appraisals/<int:pk>/edit/", appraisal_edit, name="appraisal_edit"),
    path("appraisals/<int:pk>/finalise/", appraisal_finalise, name="appraisal_finalise"),
    path("runs/<int:pk>/", run_status, name="run"),
]
