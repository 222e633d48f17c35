"""Supervision pages: the evaluation fees (V5) (see supervision/urls.py).

The district reads the fee sheet of a year or of one month of it, with totals, and downloads
it as Excel; a supervisor reads their own fee history. The numbers come from
``supervision.fees``; when the district has not set the year's fee the pages say so.
"""

from io import BytesIO

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.access import role_required
from accounts.addresses import request_ip
from accounts.models import AuditEvent
from shangcheng.forms import PortalFormMixin

from ..access import may_file_evaluations, may_review, supervisor_of
from ..fees import fee_sheet, write_fee_workbook
from ..services.appraisals import FIRST_YEAR, LAST_YEAR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FeeFilterForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    month = forms.TypedChoiceField(
        label=gettext_lazy("month"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", gettext_lazy("the whole year"))] + [(m, str(m)) for m in range(1, 13)],
    )


def _period(request) -> tuple[FeeFilterForm, int, int | None]:
    """The filter form and the year and month it names (this year when none or invalid)."""
    form = FeeFilterForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["month"]
    year = timezone.localdate().year
    return FeeFilterForm(initial={"year": year}), year, None


@role_required(may_review)
def fee_list(request):
    form, year, month = _period(request)
    sheet = fee_sheet(year=year, month=month)
    return render(
        request,
        "supervision/fees.html",
        {
            "form": form,
            "sheet": sheet,
            "query": request.GET.urlencode(),
            "no_fee": "" if sheet.fee_set else _no_fee_message(year),
        },
    )


@never_cache
@role_required(may_review)
def fee_export(request):
    _form, year, month = _period(request)
    sheet = fee_sheet(year=year, month=month)
    if not sheet.fee_set:
        messages.error(request, _no_fee_message(year))
        return redirect(f"{reverse('supervision:fees')}?{request.GET.urlencode()}")
    stream = BytesIO()
    write_fee_workbook(sheet, stream)
    period = f"{year}-{month:02d}" if month else str(year)
    AuditEvent.objects.record(
        event="export",
        actor=request.user,
        ip=request_ip(request),
        obj=f"supervision fees {period}",
        detail=f"lines={len(sheet.lines)} total={sheet.total}",
    )
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="supervision-fees-{period}.xlsx"'
    return response


def _no_fee_message(year: int) -> str:
    return _(
        "The district has not set the monthly supervision fee of %(year)s, so no amount can "
        "be computed. Set it in the district parameters of that year."
    ) % {"year": year}


@role_required(may_file_evaluations)
def my_fees(request):
    supervisor = supervisor_of(request.user)
    form, year, month = _period(request)
    sheet = fee_sheet(year=year, month=month, supervisor=supervisor)
    return render(
        request,
        "supervision/fees_mine.html",
        {
            "form": form,
            "sheet": sheet,
            "supervisor": supervisor,
            "no_fee": "" if sheet.fee_set else _no_fee_message(year),
        },
    )


urlpatterns = [
    path("fees/", fee_list, name="fees"),
    path("fees/export/", fee_export, name="fees_export"),
    path("fees/mine/", my_fees, name="my_fees"),
]
