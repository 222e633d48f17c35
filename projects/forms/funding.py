"""Forms of funding (G2) and the demonstration sites' budget lines (G6).

Money is a ``Decimal`` in yuan with at most two decimals. The purchase form lists only the
projects a fund may buy (``services.funding.eligible_projects``); the service checks again.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shangcheng.forms import PortalFormMixin, VersionedFormMixin, version_field

from ..models import Funding, Project, Purchase, SiteBudget
from ..services.funding import FIRST_YEAR, LAST_YEAR

FEN = Decimal("0.01")


def _amount_field(label, *, minimum: Decimal) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=14, decimal_places=2, min_value=minimum, localize=False
    )


class FundingFilterForm(PortalFormMixin, forms.Form):
    """The year of the funding page and, for the district, whose fund (none: its own)."""

    year = forms.IntegerField(label=gettext_lazy("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args, streets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if streets is not None:
            self.fields["street"] = forms.ModelChoiceField(
                label=gettext_lazy("street"),
                queryset=streets,
                required=False,
                empty_label=_("the district's own fund"),
            )
            self.fields["street"].widget.attrs["class"] = "form-select"


class YearFilterForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class FundingForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """G2: the venture fund of a year, the base of the 20% floor."""

    class Meta:
        model = Funding
        fields = ["venture_fund"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture_fund"].help_text = _(
            "G2: purchases of station service projects are at least 20 percent of this fund."
        )


class PurchaseForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """G2: a station service project bought out of a fund, and its amount. An edit form
    carries the purchase's version (hidden), which the service compares."""

    project = forms.ModelChoiceField(label=gettext_lazy("project"), queryset=Project.objects.none())
    amount = _amount_field(gettext_lazy("amount (yuan)"), minimum=FEN)

    class Meta:
        model = Purchase
        fields = ["project", "amount"]

    def __init__(self, *args, projects, grouped: bool, **kwargs):
        super().__init__(*args, **kwargs)
        projects = list(projects)
        field = self.fields["project"]
        field.queryset = Project.objects.filter(pk__in=[p.pk for p in projects])
        field.choices = [("", "---------"), *_project_choices(projects, grouped=grouped)]
        field.help_text = _(
            "Only stations' service projects running in the fund's year are listed."
        )


def _label(project: Project) -> str:
    return f"{project.name} · {project.unit.name}"


def _project_choices(projects, *, grouped: bool):
    """(pk, "name · unit") in order; under the street's name when ``grouped``."""
    if not grouped:
        return [(p.pk, _label(p)) for p in projects]
    groups: dict[str, list] = {}
    for p in projects:
        groups.setdefault(p.unit.street.name, []).append((p.pk, _label(p)))
    return list(groups.items())


class PurchaseDeleteForm(forms.Form):
    """The confirmation of a delete: the version of the purchase the page was opened at."""

    version = version_field()

    def __init__(self, *args, purchase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = purchase.version


class SiteBudgetForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """G6: a demonstration site's construction, operation, supervision and service funds in
    the year's budget."""

    class Meta:
        model = SiteBudget
        fields = ["amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators.append(_above_zero)


def _above_zero(value):
    if value is not None and value <= 0:
        raise forms.ValidationError(_("Enter an amount above zero."), code="min_value")
