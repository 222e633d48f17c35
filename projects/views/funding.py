"""Funding pages (G2, G3) and the demonstration sites' budget lines (G6).

- The funding page of a year: the district's own fund (the district) or a street's (the
  district picks any street, a street clerk sees their own), with its purchases itemised and
  its G2 reading from ``projects.compliance.funding_status`` — the one reading of G2.
- The venture fund of a year, entered or edited (versioned); purchases of station service
  projects out of it, added, edited and deleted (audited, reached through their fund).
- The district's G2 page: the district and every street in one table, shortfalls first.
- The demonstration sites standing in a year with their budget lines (G6): the district
  records them; a street clerk reads their street's.

Every view fetches through ``projects.access`` / ``accounts.access`` (out of scope: 404)
and writes through ``projects.services.funding``; a refusal is shown on the form.
"""

from collections import defaultdict
from decimal import Decimal
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import submissions
from accounts.access import (
    get_street_for_user,
    get_unit_for_user,
    keeps_street_records,
    role_required,
    visible_streets,
    visible_units,
)
from accounts.addresses import request_ip
from shangcheng import rules
from shangcheng.forms import add_service_error
from stations.models import Recognition, Street

from ..access import (
    get_funding_for_user,
    get_purchase_for_user,
    may_keep_funding,
    may_record_site_budgets,
    may_see_district_funding,
)
from ..compliance import funding_status
from ..forms.funding import (
    FundingFilterForm,
    FundingForm,
    PurchaseDeleteForm,
    PurchaseForm,
    SiteBudgetForm,
    YearFilterForm,
)
from ..models import Funding, Purchase, SiteBudget
from ..services import funding as services

READ = ["GET", "HEAD"]


# The year and the scope a page is about.


def _year(request) -> int:
    """``?year=`` if valid, else the current year."""
    form = YearFilterForm({"year": request.GET.get("year", "")})
    return form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year


def _year_or_404(value) -> int:
    """A year a write is about: never guessed, so an invalid one is no page."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404
    return year


def _street_scope(request, *, write: bool) -> Street | None:
    """Whose fund a page is about: ``?street=<pk>`` in the user's scope (else 404); without
    it, the district's own fund (None) for the district and a clerk's own street."""
    pk = request.GET.get("street", "")
    if pk:
        return get_street_for_user(request.user, pk, write=write)
    if may_see_district_funding(request.user):
        return None
    return get_street_for_user(request.user, request.user.street_id, write=write)


def _funding_url(year: int, street_id: int | None) -> str:
    query = {"year": year}
    if street_id is not None:
        query["street"] = street_id
    return f"{reverse('projects:funding')}?{urlencode(query)}"


def _status_code(status) -> str:
    if status.met is None:
        return "not_recorded"
    return "met" if status.met else "not_met"


def _status_labels() -> dict[str, str]:
    return {"met": _("met"), "not_met": _("not met"), "not_recorded": _("fund not recorded")}


# A form page and a delete confirmation, as in ``stations.views``.


def _record_form(request, form, *, write, back: str, title: str, done: str, intro=""):
    """Show ``form``; on a valid POST call ``write(**cleaned_data)`` and return to ``back``.
    A refusal is shown on the form: under its field, or above the form when it names none
    (``StaleEdit``: someone saved the record after this form was opened). An add form
    saves once (``accounts.submissions``): sent again, it goes to ``back``."""
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
    context = {"form": form, "title": title, "back": back, "intro": intro}
    return render(request, "projects/funding_form.html", context)


# The funding page and the venture fund.


@role_required(may_keep_funding)
@require_http_methods(READ)
def funding(request):
    """A year's fund of the district (its own) or of a street, with its purchases and G2."""
    year = _year(request)
    street = _street_scope(request, write=False)
    status = funding_status(year, [street] if street else [], district=street is None)[0]
    purchases = []
    if status.funding is not None:
        purchases = list(
            status.funding.purchases.select_related("project__unit__street").order_by(
                "project__unit__street__code", "project__unit__name", "project__name"
            )
        )
    district = may_see_district_funding(request.user)
    filter_form = FundingFilterForm(
        initial={"year": year, "street": street.pk if street else None},
        streets=visible_streets(request.user) if district else None,
    )
    query = {"year": year, **({"street": street.pk} if street else {})}
    context = {
        "year": year,
        "street": street,
        "status": status,
        "status_code": _status_code(status),
        "status_labels": _status_labels(),
        "purchases": purchases,
        "filter_form": filter_form,
        "edit_url": f"{reverse('projects:funding_edit')}?{urlencode(query)}",
        "district": district,
    }
    return render(request, "projects/funding.html", context)


@role_required(may_keep_funding)
@require_http_methods(["GET", "POST"])
def funding_edit(request):
    """Record or change the venture fund of ``?year=`` (and ``?street=``)."""
    year = _year_or_404(request.GET.get("year"))
    street = _street_scope(request, write=True)
    funding = Funding.objects.filter(year=year, street=street).first()
    # Recording a new fund saves once; changing one is guarded by its version.
    adding = {"submitter": request.user} if funding is None else {}
    form = FundingForm(
        request.POST or None, instance=funding or Funding(year=year, street=street), **adding
    )
    scope = street.name if street else _("the district's own fund")
    return _record_form(
        request,
        form,
        write=partial(
            _save_funding,
            year=year,
            street=street,
            actor=request.user,
            ip=request_ip(request),
        ),
        back=_funding_url(year, street.pk if street else None),
        title=_("Venture fund of %(year)s: %(scope)s") % {"year": year, "scope": scope},
        done=_("Venture fund saved."),
    )


def _save_funding(*, venture_fund, version=None, **kwargs):
    return services.funding_save(venture_fund=venture_fund, version=version, **kwargs)


# Purchases, reached through their fund.


def _purchase_form(request, funding: Funding, purchase=None, data=None) -> PurchaseForm:
    """The add form (``purchase`` None) or the edit form, which carries its version."""
    projects = (
        services.eligible_projects(funding)
        .select_related("unit__street")
        .order_by("unit__street__code", "unit__name", "name")
    )
    return PurchaseForm(
        data,
        instance=purchase or Purchase(funding=funding),
        projects=projects,
        grouped=funding.street_id is None,
        submitter=request.user if purchase is None else None,
    )


def _fund_label(funding: Funding) -> str:
    scope = funding.street.name if funding.street else _("the district's own fund")
    return f"{funding.year} · {scope}"


@role_required(may_keep_funding)
@require_http_methods(["GET", "POST"])
def purchase_add(request, pk):
    funding = get_funding_for_user(request.user, pk, write=True)
    return _record_form(
        request,
        _purchase_form(request, funding, data=request.POST or None),
        write=partial(
            services.purchase_add, funding=funding, actor=request.user, ip=request_ip(request)
        ),
        back=_funding_url(funding.year, funding.street_id),
        title=_("Add a purchase: %(fund)s") % {"fund": _fund_label(funding)},
        done=_("Purchase added."),
    )


@role_required(may_keep_funding)
@require_http_methods(["GET", "POST"])
def purchase_edit(request, pk):
    purchase = get_purchase_for_user(request.user, pk, write=True)
    funding = purchase.funding
    return _record_form(
        request,
        _purchase_form(request, funding, purchase=purchase, data=request.POST or None),
        write=partial(
            services.purchase_update,
            purchase=purchase,
            actor=request.user,
            ip=request_ip(request),
        ),
        back=_funding_url(funding.year, funding.street_id),
        title=_("Edit purchase: %(project)s") % {"project": purchase.project.name},
        done=_("Saved."),
    )


@role_required(may_keep_funding)
@require_http_methods(["GET", "POST"])
def purchase_delete(request, pk):
    """GET asks for confirmation; only a POST deletes, and only the version it was shown."""
    purchase = get_purchase_for_user(request.user, pk, write=True)
    funding = purchase.funding
    back = _funding_url(funding.year, funding.street_id)
    form = PurchaseDeleteForm(request.POST or None, purchase=purchase)
    if request.method == "POST" and form.is_valid():
        try:
            services.purchase_delete(
                purchase=purchase,
                version=form.cleaned_data["version"],
                actor=request.user,
                ip=request_ip(request),
            )
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Purchase deleted."))
            return redirect(back)
    context = {"purchase": purchase, "fund": _fund_label(funding), "form": form, "back": back}
    return render(request, "projects/funding_confirm_delete.html", context)


# The district's G2 page.


def _floor_rows(statuses):
    """Shortfalls first (largest first), then the scopes without a fund, then those met;
    the district before the streets, the streets in code order."""
    order = {"not_met": 0, "not_recorded": 1, "met": 2}
    rows = [{"status": s, "code": _status_code(s)} for s in statuses]
    rows.sort(
        key=lambda r: (
            order[r["code"]],
            -r["status"].shortfall,
            r["status"].street is not None,
            r["status"].street.code if r["status"].street else "",
        )
    )
    return rows


def _floor_totals(statuses) -> dict:
    recorded = [s for s in statuses if s.funding is not None]
    counts = defaultdict(int)
    for s in statuses:
        counts[_status_code(s)] += 1
    zero = Decimal("0.00")
    return {
        "venture_fund": sum((s.venture_fund for s in recorded), zero),
        "purchases": sum((s.purchases for s in recorded), zero),
        "required": sum((s.required for s in recorded), zero),
        "shortfall": sum((s.shortfall for s in recorded), zero),
        "met": counts["met"],
        "not_met": counts["not_met"],
        "not_recorded": counts["not_recorded"],
    }


@role_required(may_see_district_funding)
@require_http_methods(READ)
def funding_floor(request):
    """G2 of the district's own fund and of every street, in a fixed number of queries."""
    year = _year(request)
    statuses = funding_status(year, Street.objects.order_by("code"), district=True)
    rows = _floor_rows(statuses)
    for row in rows:
        street = row["status"].street
        row["url"] = _funding_url(year, street.pk if street else None)
    context = {
        "year": year,
        "rows": rows,
        "totals": _floor_totals(statuses),
        "status_labels": _status_labels(),
        "filter_form": YearFilterForm(initial={"year": year}),
    }
    return render(request, "projects/funding_floor.html", context)


# Demonstration sites' budget lines (G6).


def _standing_sites(units, year: int) -> dict[int, list]:
    """The units of ``units`` (a queryset) with a recognition standing in ``year`` (one
    query): unit pk -> [(level label, year, SiteRecognition), ...]."""
    levels = dict(Recognition.Level.choices())
    by_unit = defaultdict(list)
    recognitions = Recognition.objects.filter(unit__in=units, year__lte=year).order_by(
        "unit_id", "year", "level"
    )
    for unit_id, level, recognised, revoked_on in recognitions.values_list(
        "unit_id", "level", "year", "revoked_on"
    ):
        by_unit[unit_id].append(
            (levels.get(level, level), recognised, rules.SiteRecognition(recognised, revoked_on))
        )
    return {
        unit_id: recs
        for unit_id, recs in by_unit.items()
        if any(site.stands_in(year) for _level, _recognised, site in recs)
    }


@role_required(keeps_street_records)
@require_http_methods(READ)
def site_budgets(request):
    """The sites standing in ``?year=`` (in the user's scope) and their budget lines; a site
    without one breaks G6."""
    year = _year(request)
    standing = _standing_sites(visible_units(request.user), year)
    units = visible_units(request.user).filter(pk__in=list(standing))
    units = units.select_related("street", "community").order_by("street__code", "kind", "name")
    budgets = {
        b.unit_id: b for b in SiteBudget.objects.filter(unit_id__in=list(standing), year=year)
    }
    rows = []
    for unit in units:
        recs = standing[unit.pk]
        budget = budgets.get(unit.pk)
        site = rules.SiteBudget(
            unit.name,
            tuple(site for _level, _recognised, site in recs),
            frozenset({year}) if budget else frozenset(),
        )
        rows.append(
            {
                "unit": unit,
                "recognitions": [
                    (level, recognised) for level, recognised, site in recs if site.stands_in(year)
                ],
                "budget": budget,
                "findings": rules.check_site_budgets(year, [site]),
            }
        )
    context = {
        "year": year,
        "rows": rows,
        "missing": sum(1 for row in rows if row["findings"]),
        "can_write": may_record_site_budgets(request.user),
        "filter_form": YearFilterForm(initial={"year": year}),
    }
    return render(request, "projects/site_budgets.html", context)


@role_required(may_record_site_budgets)
@require_http_methods(["GET", "POST"])
def site_budget_edit(request, pk, year):
    """Record or change a unit's budget line of ``year`` (G6)."""
    year = _year_or_404(year)
    unit = get_unit_for_user(request.user, pk, write=True)
    budget = SiteBudget.objects.filter(unit=unit, year=year).first()
    adding = {"submitter": request.user} if budget is None else {}
    form = SiteBudgetForm(
        request.POST or None, instance=budget or SiteBudget(unit=unit, year=year), **adding
    )
    return _record_form(
        request,
        form,
        write=partial(
            _save_site_budget, unit=unit, year=year, actor=request.user, ip=request_ip(request)
        ),
        back=f"{reverse('projects:site_budgets')}?{urlencode({'year': year})}",
        title=_("Budget line of %(year)s: %(unit)s") % {"year": year, "unit": unit.name},
        done=_("Budget line saved."),
        intro=_(
            "G6: the site's construction, operation, supervision and service funds in the "
            "year's budget."
        ),
    )


def _save_site_budget(*, amount, version=None, **kwargs):
    return services.site_budget_save(amount=amount, version=version, **kwargs)


urlpatterns = [
    path("funding/", funding, name="funding"),
    path("funding/edit/", funding_edit, name="funding_edit"),
    path("funding/floor/", funding_floor, name="funding_floor"),
    path("funding/<int:pk>/purchases/add/", purchase_add, name="purchase_add"),
    path("purchases/<int:pk>/edit/", purchase_edit, name="purchase_edit"),
    path("purchases/<int:pk>/delete/", purchase_delete, name="purchase_delete"),
    path("site-budgets/", site_budgets, name="site_budgets"),
    path("site-budgets/<int:pk>/<int:year>/", site_budget_edit, name="site_budget_edit"),
]
