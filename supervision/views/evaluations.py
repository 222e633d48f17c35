"""Supervision pages: monthly evaluations (see supervision/urls.py).

A supervisor files, edits and submits their own evaluations from "my evaluations"; the
district reviews them from the review queue (approve, several at once, or return with a
comment); street and community users read the approved ones of their units. Every write
goes through ``supervision.services.evaluations``; its refusals come back on the form or
as a message.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from accounts.addresses import request_ip
from shangcheng.forms import add_service_error

from ..access import (
    filing_units,
    get_evaluation_for_review,
    get_evaluation_for_user,
    may_file_evaluations,
    may_review,
    supervisor_of,
    visible_evaluations,
)
from ..forms import BulkApproveForm, EvaluationForm, ReturnForm, ReviewFilterForm
from ..models import MonthlyEvaluation
from ..services import evaluations as services

Status = MonthlyEvaluation.Status
PAGE_SIZE = 50


def _refusal(request, error: ValidationError) -> None:
    """A service's refusal as a message, each part after the label of the field it names."""
    if not hasattr(error, "error_dict"):
        messages.error(request, " ".join(error.messages))
        return
    for field, texts in error.message_dict.items():
        try:
            label = MonthlyEvaluation._meta.get_field(field).verbose_name
        except FieldDoesNotExist:
            label = ""
        for text in texts:
            messages.error(request, f"{label}：{text}" if label else text)


def _filing_choices(user):
    """Units offered on a new evaluation: assigned today or on the last day of last month
    (the month most often filed); the service checks the month actually chosen."""
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - timedelta(days=1)
    return filing_units(user, today) | filing_units(user, last_month_end)


@role_required(may_file_evaluations)
def my_evaluations(request):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    mine = visible_evaluations(request.user)
    units = list(filing_units(request.user, today).select_related("street").order_by("name"))
    filed = {
        (e.unit_id, e.month): e
        for e in mine.filter(unit__in=[u.pk for u in units], month__in=[last_month, this_month])
    }
    rows = [
        {"unit": u, "last": filed.get((u.pk, last_month)), "this": filed.get((u.pk, this_month))}
        for u in units
    ]
    # Returned evaluations first: they wait for the supervisor.
    rows.sort(
        key=lambda r: not any(e and e.status == Status.RETURNED for e in (r["last"], r["this"]))
    )
    order = Case(
        When(status=Status.RETURNED, then=Value(0)),
        When(status=Status.DRAFT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    evaluations = mine.annotate(waiting=order).order_by("waiting", "-month", "unit__name", "pk")
    return render(
        request,
        "supervision/my.html",
        {
            "rows": rows,
            "this_month": this_month,
            "last_month": last_month,
            "deadline": services.filing_deadline(last_month),
            "page": Paginator(evaluations, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(may_file_evaluations)
def evaluation_create(request):
    supervisor = supervisor_of(request.user)
    prefill = {k: request.GET[k] for k in ("unit", "month") if k in request.GET}
    form = EvaluationForm(
        request.POST or None, units=_filing_choices(request.user), initial=prefill
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_create(
                supervisor=supervisor,
                unit=form.cleaned_data["unit"],
                month=form.cleaned_data["month"],
                actor=request.user,
                ip=request_ip(request),
                **form.content(),
            )
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Draft saved. Submit it when it is complete."))
            return redirect(evaluation)
    return render(request, "supervision/evaluation_form.html", {"form": form, "evaluation": None})


def _detail(request, evaluation, *, return_form=None):
    user = request.user
    reviewing = may_review(user) and evaluation.status == Status.SUBMITTED
    labels = dict(MonthlyEvaluation.Form.choices)
    return render(
        request,
        "supervision/evaluation.html",
        {
            "evaluation": evaluation,
            "forms_used": [labels.get(f, f) for f in evaluation.forms],
            "events": evaluation.events.select_related("actor"),
            "deadline": services.filing_deadline(evaluation.month),
            "own": evaluation.supervisor.user_id == user.pk,
            "can_review": reviewing,
            "return_form": return_form or (ReturnForm() if reviewing else None),
        },
    )


def evaluation_detail(request, pk):
    return _detail(request, get_evaluation_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
@role_required(may_file_evaluations)
def evaluation_edit(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk, write=True)
    if not evaluation.editable:
        _refusal(request, services.not_editable_error(evaluation))
        return redirect(evaluation)
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_update(
                evaluation=evaluation,
                version=form.cleaned_data["version"],
                actor=request.user,
                ip=request_ip(request),
                **form.content(),
            )
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(evaluation)
    return render(
        request, "supervision/evaluation_form.html", {"form": form, "evaluation": evaluation}
    )


@require_POST
@role_required(may_file_evaluations)
def evaluation_submit(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk, write=True)
    try:
        evaluation = services.evaluation_submit(
            evaluation=evaluation, actor=request.user, ip=request_ip(request)
        )
    except ValidationError as e:
        _refusal(request, e)
    else:
        if evaluation.late:
            messages.warning(request, _("Submitted after the filing deadline: marked late."))
        else:
            messages.success(request, _("Submitted to the district for review."))
    return redirect(evaluation)


@require_POST
@role_required(may_review)
def evaluation_return(request, pk):
    evaluation = get_evaluation_for_review(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_return(
                evaluation=evaluation,
                comment=form.cleaned_data["comment"],
                actor=request.user,
                ip=request_ip(request),
            )
        except ValidationError as e:
            # Decided by someone else meanwhile: the page shows the decision.
            _refusal(request, e)
            return redirect(evaluation)
        messages.success(request, _("Returned to %(name)s.") % {"name": evaluation.supervisor})
        return redirect("supervision:review")
    return _detail(request, evaluation, return_form=form)


@require_POST
@role_required(may_review)
def evaluation_approve(request, pk):
    evaluation = get_evaluation_for_review(request.user, pk)
    try:
        services.evaluation_approve(
            evaluation=evaluation, actor=request.user, ip=request_ip(request)
        )
    except ValidationError as e:
        _refusal(request, e)
        return redirect(evaluation)
    messages.success(request, _("Approved: %(evaluation)s.") % {"evaluation": evaluation})
    return redirect("supervision:review")


@role_required(may_review)
def review(request):
    data = request.GET.copy()
    data.setdefault("status", Status.SUBMITTED)  # the queue: what waits for a decision
    form = ReviewFilterForm(data)
    evaluations = form.filter(
        visible_evaluations(request.user).select_related("unit__street", "reviewed_by")
    ).order_by("month", "unit__street__code", "unit__name", "pk")
    return render(
        request,
        "supervision/review.html",
        {
            "form": form,
            "page": Paginator(evaluations, PAGE_SIZE).get_page(request.GET.get("page")),
            "next": request.get_full_path(),
        },
    )


@role_required(may_review)  # outermost: 404 for other roles whatever the method
@require_POST
def review_approve(request):
    form = BulkApproveForm(request.POST, evaluations=visible_evaluations(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    else:
        try:
            approved = services.evaluations_approve(
                evaluations=form.cleaned_data["evaluations"],
                actor=request.user,
                ip=request_ip(request),
            )
        except ValidationError as e:
            _refusal(request, e)
        else:
            n = len(approved)
            messages.success(
                request,
                _("Evaluations approved: %(n)d.") % {"n": n},
            )
    back = request.POST.get("next", "")
    queue = reverse("supervision:review")
    if back.startswith(queue) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(queue)


urlpatterns = [
    path("my/", my_evaluations, name="my"),
    path("evaluations/new/", evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/edit/", evaluation_edit, name="evaluation_edit"),
    path("evaluations/<int:pk>/submit/", evaluation_submit, name="evaluation_submit"),
    path("evaluations/<int:pk>/return/", evaluation_return, name="evaluation_return"),
    path("evaluations/<int:pk>/approve/", evaluation_approve, name="evaluation_approve"),
    path("review/", review, name="review"),
    path("review/approve/", review_approve, name="review_approve"),
]
