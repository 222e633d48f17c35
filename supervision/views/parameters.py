"""The district's supervision parameters of a year: fee, weights, thresholds, deadline."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.addresses import request_ip
from shangcheng.forms import PortalFormMixin, add_service_error

from ..access import may_review
from ..models import DistrictParameters
from ..services.parameters import FIELDS, parameters_save


class ParametersForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = DistrictParameters
        fields = FIELDS


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2022 <= year <= 2100 else timezone.localdate().year


@require_http_methods(["GET", "POST"])
@role_required(may_review)
def parameters(request):
    year = _year(request)
    instance = DistrictParameters.for_year(year)
    form = ParametersForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in FIELDS}
        try:
            parameters_save(year=year, data=data, actor=request.user, ip=request_ip(request))
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("The parameters of %(year)s are saved.") % {"year": year})
            return redirect(f"{reverse('supervision:parameters')}?year={year}")
    context = {"form": form, "year": year, "saved": instance.pk is not None}
    return render(request, "supervision/parameters.html", context)


urlpatterns = [path("parameters/", parameters, name="parameters")]
