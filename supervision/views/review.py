"""The district's review queue: filter the evaluations and approve many at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.addresses import request_ip

from ..access import may_review, visible_evaluations
from ..forms import BulkApproveForm, ReviewFilterForm
from ..models import MonthlyEvaluation
from ..services import evaluations as services
from . import refusal_messages

PAGE_SIZE = 50


@role_required(may_review)
def review(request):
    data = request.GET.copy()
    data.setdefault(
        "status", MonthlyEvaluation.Status.SUBMITTED
    )  # the queue: what waits for a decision
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
            refusal_messages(request, e)
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
    path("review/", review, name="review"),
    path("review/approve/", review_approve, name="review_approve"),
]
