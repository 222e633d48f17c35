"""Supervision pages: monthly evaluations (see supervision/urls.py).

A supervisor files, edits and submits their own evaluations from "my evaluations"; the
district reviews them from the review queue (approve, several at once, or return with a
comment); street and community users read the approved ones of their units. Every write
goes through ``supervision.services.evaluations``; its refusals come back on the form or
as a message. An evaluation's files are uploaded and removed on its page by its supervisor
and downloaded (audited) by whoever may see the evaluation, never from ``MEDIA_URL``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import submissions
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
from ..forms import (
    EvaluationFileForm,
    EvaluationForm,
    ReturnForm,
)
from ..models import MonthlyEvaluation
from ..months import last_month, month_end
from ..services import evaluations as services
from ..services import files as file_services
from . import refusal_messages

Status = MonthlyEvaluation.Status
PAGE_SIZE = 50


def _filing_choices(user):
    """Units offered on a new evaluation: assigned today or on the last day of last month
    (the month most often filed); the service checks the month actually chosen."""
    today = timezone.localdate()
    return filing_units(user, today) | filing_units(user, month_end(last_month(today)))


@role_required(may_file_evaluations)
def my_evaluations(request):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    previous = last_month(this_month)
    mine = visible_evaluations(request.user)
    units = list(filing_units(request.user, today).select_related("street").order_by("name"))
    filed = {
        (e.unit_id, e.month): e
        for e in mine.filter(unit__in=[u.pk for u in units], month__in=[previous, this_month])
    }
    rows = [
        {"unit": u, "last": filed.get((u.pk, previous)), "this": filed.get((u.pk, this_month))}
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
            "last_month": previous,
            "deadline": services.filing_deadline(previous),
            "page": Paginator(evaluations, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(may_file_evaluations)
def evaluation_create(request):
    supervisor = supervisor_of(request.user)
    prefill = {k: request.GET[k] for k in ("unit", "month") if k in request.GET}
    form = EvaluationForm(
        request.POST or None,
        units=_filing_choices(request.user),
        initial=prefill,
        submitter=request.user,
    )
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                evaluation = services.evaluation_create(
                    supervisor=supervisor,
                    unit=form.cleaned_data["unit"],
                    month=form.cleaned_data["month"],
                    actor=request.user,
                    ip=request_ip(request),
                    **form.content(),
                )
                submission.went_to(evaluation)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Draft saved. Submit it when it is complete."))
            return redirect(evaluation)
    return render(request, "supervision/evaluation_form.html", {"form": form, "evaluation": None})


def _detail(request, evaluation, *, return_form=None, file_form=None):
    user = request.user
    reviewing = may_review(user) and evaluation.status == Status.SUBMITTED
    labels = dict(MonthlyEvaluation.Form.choices)
    own = evaluation.supervisor.user_id == user.pk
    files_editable = own and evaluation.editable
    return render(
        request,
        "supervision/evaluation.html",
        {
            "evaluation": evaluation,
            "forms_used": [labels.get(f, f) for f in evaluation.forms],
            "events": evaluation.events.select_related("actor"),
            "deadline": services.filing_deadline(evaluation.month),
            "own": own,
            "can_review": reviewing,
            "return_form": return_form or (ReturnForm() if reviewing else None),
            "files": evaluation.files.all(),
            "files_editable": files_editable,
            "file_form": file_form or (EvaluationFileForm() if files_editable else None),
            "max_files": file_services.MAX_FILES,
        },
    )


def evaluation_detail(request, pk):
    return _detail(request, get_evaluation_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
@role_required(may_file_evaluations)
def evaluation_edit(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk, write=True)
    if not evaluation.editable:
        refusal_messages(request, services.not_editable_error(evaluation))
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
        refusal_messages(request, e)
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
            refusal_messages(request, e)
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
        refusal_messages(request, e)
        return redirect(evaluation)
    messages.success(request, _("Approved: %(evaluation)s.") % {"evaluation": evaluation})
    return redirect("supervision:review")


@require_POST
@role_required(may_file_evaluations)
def evaluation_file_upload(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk, write=True)
    form = EvaluationFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attached = file_services.evaluation_file_add(
                evaluation=evaluation,
                upload=form.cleaned_data["file"],
                actor=request.user,
                ip=request_ip(request),
            )
        except ValidationError as e:
            add_service_error(form, e)
            evaluation.refresh_from_db()  # the page shows the evaluation as it is now
        else:
            messages.success(request, _("File attached: %(name)s") % {"name": attached.name})
            return redirect(evaluation)
    if not evaluation.editable:  # its page has no upload form any more: say it in a message
        for texts in form.errors.values():
            for text in texts:
                messages.error(request, text)
        return redirect(evaluation)
    return _detail(request, evaluation, file_form=form)


urlpatterns = [
    path("my/", my_evaluations, name="my"),
    path("evaluations/new/", evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/edit/", evaluation_edit, name="evaluation_edit"),
    path("evaluations/<int:pk>/submit/", evaluation_submit, name="evaluation_submit"),
    path("evaluations/<int:pk>/return/", evaluation_return, name="evaluation_return"),
    path("evaluations/<int:pk>/approve/", evaluation_approve, name="evaluation_approve"),
    path("evaluations/<int:pk>/files/", evaluation_file_upload, name="evaluation_file_upload"),
]
