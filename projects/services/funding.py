"""Writes of funding (G2): a year's venture fund of the district or a street, and the
purchases of station service projects out of it; and the demonstration sites' budget lines
(G6). Every write validates the whole record, is audited and is refused (a
``ValidationError`` with a code) rather than half-done.

A fund, a purchase and a budget line are ``Versioned``: an edit (or a purchase's delete)
from a stale form raises ``StaleEdit`` and writes nothing.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from shangcheng.versioning import StaleEdit as StaleEdit  # re-exported: views catch it here
from shangcheng.versioning import lock_versioned, refusing_races, save_versioned
from stations.models import Street, Unit

from ..models import Funding, Project, Purchase, SiteBudget

FIRST_YEAR = 2022
LAST_YEAR = 2100

# What a purchase's edit form may change; its fund never changes.
PURCHASE_FIELDS = frozenset({"project", "amount"})


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _audit(event: str, *, actor, ip, obj, detail: str = "") -> None:
    AuditEvent.objects.record(event=event, actor=actor, ip=ip, obj=obj, detail=detail)


# The venture fund of a year (G2).


@transaction.atomic
def funding_save(
    *,
    year: int,
    street: Street | None,
    venture_fund: Decimal,
    version: int | None = None,
    actor: User,
    ip: str | None = None,
) -> Funding:
    """Record (``version`` None) or change the ``year``'s venture fund of ``street`` (None:
    the district's own fund). A record someone else created or changed after the form was
    opened is refused (``race`` / ``StaleEdit``)."""
    existing = Funding.objects.filter(year=year, street=street).first()
    if existing is None:
        if version is not None:
            raise StaleEdit()  # the fund the form was opened at was deleted since
        funding = Funding(year=year, street=street, venture_fund=venture_fund)
        funding.full_clean(validate_constraints=False)
        with refusing_races():
            funding.save()
        _audit("funding_add", actor=actor, ip=ip, obj=funding, detail=_money(venture_fund))
        return funding
    if version is None:
        # The form was opened when no fund was recorded; someone recorded it since.
        raise ValidationError(
            _("Someone saved the same record a moment ago; reload the page."), code="race"
        )
    before = existing.venture_fund
    funding = save_versioned(
        Funding,
        pk=existing.pk,
        version=version,
        data={"venture_fund": venture_fund},
        fields=frozenset({"venture_fund"}),
    )
    _audit(
        "funding_edit",
        actor=actor,
        ip=ip,
        obj=funding,
        detail=f"{_money(before)} -> {_money(venture_fund)}",
    )
    return funding


# Purchases of station service projects out of a fund (G2).


def eligible_projects(funding: Funding):
    """The projects a fund may buy: station projects running in its year, of its street
    (of every street for the district's own fund)."""
    year = funding.year
    projects = Project.objects.filter(unit__kind=Unit.Kind.STATION, first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year)
    )
    if funding.street_id is not None:
        projects = projects.filter(unit__street_id=funding.street_id)
    return projects


def _check_project(funding: Funding, project: Project, *, exclude=None) -> None:
    if not eligible_projects(funding).filter(pk=project.pk).exists():
        raise ValidationError(
            {
                "project": ValidationError(
                    _(
                        "Only a station's service project running in %(year)s can be bought "
                        "out of this fund."
                    )
                    % {"year": funding.year},
                    code="not_eligible",
                )
            }
        )
    same = Purchase.objects.filter(funding=funding, project=project)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError(
            {
                "project": ValidationError(
                    _("This project is already bought out of this fund; edit that purchase."),
                    code="duplicate",
                )
            }
        )


def _check_amount(amount: Decimal) -> None:
    if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("Enter an amount above zero, in yuan with at most two decimals."),
                    code="amount",
                )
            }
        )


def _detail(purchase: Purchase) -> str:
    return f"{purchase.project.name} ({purchase.project_id}): {_money(purchase.amount)}"


@transaction.atomic
def purchase_add(
    *, funding: Funding, project: Project, amount: Decimal, actor: User, ip: str | None = None
) -> Purchase:
    """G2: buy a station service project out of ``funding`` (once per project)."""
    funding = Funding.objects.select_for_update().get(pk=funding.pk)
    _check_amount(amount)
    _check_project(funding, project)
    purchase = Purchase(funding=funding, project=project, amount=amount)
    purchase.full_clean(validate_constraints=False)
    with refusing_races():
        purchase.save()
    _audit("purchase_add", actor=actor, ip=ip, obj=funding, detail=_detail(purchase))
    return purchase


def _lock_purchase(purchase: Purchase, *, version: int) -> Purchase:
    """The purchase, locked; ``StaleEdit`` if someone changed it since ``version`` or
    deleted it since the page was opened."""
    try:
        return lock_versioned(Purchase, pk=purchase.pk, version=version)
    except Purchase.DoesNotExist:
        raise StaleEdit() from None


@transaction.atomic
def purchase_update(
    *,
    purchase: Purchase,
    version: int,
    project: Project,
    amount: Decimal,
    actor: User,
    ip: str | None = None,
) -> Purchase:
    """Change a purchase's project and amount unless someone saved it since ``version``."""
    current = _lock_purchase(purchase, version=version)
    _check_amount(amount)
    _check_project(current.funding, project, exclude=current)
    before = _detail(current)
    with refusing_races():
        current = save_versioned(
            Purchase,
            pk=current.pk,
            version=version,
            data={"project": project, "amount": amount},
            fields=PURCHASE_FIELDS,
        )
    _audit(
        "purchase_edit",
        actor=actor,
        ip=ip,
        obj=current.funding,
        detail=f"{before} -> {_detail(current)}",
    )
    return current


@transaction.atomic
def purchase_delete(
    *, purchase: Purchase, version: int, actor: User, ip: str | None = None
) -> None:
    """Delete, unless someone changed the purchase after the confirmation page was opened."""
    current = _lock_purchase(purchase, version=version)
    detail = _detail(current)
    funding = current.funding
    current.delete()
    _audit("purchase_delete", actor=actor, ip=ip, obj=funding, detail=detail)


# Demonstration sites' budget lines (G6).


@transaction.atomic
def site_budget_save(
    *,
    unit: Unit,
    year: int,
    amount: Decimal,
    version: int | None = None,
    actor: User,
    ip: str | None = None,
) -> SiteBudget:
    """G6: record (``version`` None) or change ``unit``'s budget line of ``year``."""
    _check_amount(amount)
    existing = SiteBudget.objects.filter(unit=unit, year=year).first()
    if existing is None:
        if version is not None:
            raise StaleEdit()
        budget = SiteBudget(unit=unit, year=year, amount=amount)
        budget.full_clean(validate_constraints=False)
        with refusing_races():
            budget.save()
        _audit("site_budget_add", actor=actor, ip=ip, obj=budget, detail=_money(amount))
        return budget
    if version is None:
        raise ValidationError(
            _("Someone saved the same record a moment ago; reload the page."), code="race"
        )
    before = existing.amount
    budget = save_versioned(
        SiteBudget,
        pk=existing.pk,
        version=version,
        data={"amount": amount},
        fields=frozenset({"amount"}),
    )
    _audit(
        "site_budget_edit",
        actor=actor,
        ip=ip,
        obj=budget,
        detail=f"{_money(before)} -> {_money(amount)}",
    )
    return budget
