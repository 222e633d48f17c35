"""A unit's project (add and edit), its C1 stage (advance, override), the district's P3 flag
and the confirmation of a delete. The stage is never edited on the project form: it moves
only through the stage forms, one record per stage."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import visible_units
from shangcheng import rules
from shangcheng.forms import DateInput, PortalFormMixin, VersionedFormMixin, version_field
from stations.models import Unit

from ..models import Project, StageRecord
from ..services.projects import BRAND_CATEGORIES, PurchaseDomain, later_stages


class ProjectForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """Categories of the unit's kind only (P1/P2); focus areas from L3; the neighbouring
    workrooms (P2) among the other workrooms of the street that the user can see."""

    focus_areas = forms.MultipleChoiceField(
        label=gettext_lazy("focus areas (L3)"),
        choices=list(rules.FOCUS_AREAS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purchase_domain = forms.ChoiceField(
        label=gettext_lazy("purchase domain"),
        choices=[("", "—"), *PurchaseDomain.choices],
        required=False,
        help_text=gettext_lazy("G3: required when the source is a purchase of service."),
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "category",
            "first_year",
            "last_year",
            "focus_areas",
            "partners",
            "neighbour_workrooms",
            "budget",
            "source",
            "purchase_domain",
            "declared_non_administrative",
        ]
        widgets = {"neighbour_workrooms": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.instance.unit
        self.fields["category"].choices = [
            (code, rules.ProjectCategory(code).label)
            for code in rules.project_categories(unit.kind)
        ]
        self.fields["partners"].help_text = _(
            "Cluster projects: the departments and social forces."
        )
        neighbours = (
            visible_units(user)
            .filter(street_id=unit.street_id, kind=Unit.Kind.WORKROOM)
            .exclude(pk=unit.pk)
            .order_by("name")
        )
        if neighbours.exists():
            self.fields["neighbour_workrooms"].queryset = neighbours
            self.fields["neighbour_workrooms"].help_text = _(
                "P2: workrooms of the same street whose certified social workers join this "
                "brand project (brand projects only)."
            )
        else:
            # Nobody to offer (a community user sees no other workroom): kept as it is.
            del self.fields["neighbour_workrooms"]
        self.fields["declared_non_administrative"].help_text = _(
            "P3: the project is not one of the street's administrative affairs."
        )

    def clean(self):
        cleaned = super().clean()
        source, domain = cleaned.get("source"), cleaned.get("purchase_domain")
        if source == Project.Source.PURCHASE and not domain:
            self.add_error("purchase_domain", _("A purchase of service names its domain (G3)."))
        elif source != Project.Source.PURCHASE:
            cleaned["purchase_domain"] = ""  # a domain belongs to a purchase only
        neighbours = cleaned.get("neighbour_workrooms")
        if neighbours and cleaned.get("category") not in BRAND_CATEGORIES:
            self.add_error(
                "neighbour_workrooms", _("Only a brand project records neighbouring workrooms.")
            )
        return cleaned


class ProjectAddForm(ProjectForm):
    """A new project starts at 调研 (C1): the day its research began and the evidence."""

    reached_on = forms.DateField(
        label=gettext_lazy("research started on"),
        widget=DateInput,
        help_text=gettext_lazy("C1: the project starts at the research stage."),
    )
    evidence = forms.CharField(
        label=gettext_lazy("evidence of the research"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reached_on"].initial = timezone.localdate()
        self.fields["first_year"].initial = timezone.localdate().year


class StageForm(PortalFormMixin, forms.Form):
    """C1: the next stage, the day it was reached and the evidence. ``expected_stage`` is
    the stage the form was opened at: a second submit of the same form is refused."""

    expected_stage = forms.ChoiceField(
        choices=rules.ProjectStage.choices(), widget=forms.HiddenInput
    )
    reached_on = forms.DateField(label=gettext_lazy("reached on"), widget=DateInput)
    evidence = forms.CharField(
        label=gettext_lazy("evidence"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_stage"].initial = project.stage
        self.fields["reached_on"].initial = timezone.localdate()
        self.fields["expected_stage"].error_messages["invalid_choice"] = _(
            "This page is out of date; reload it and enter your changes again."
        )


class OverrideForm(StageForm):
    """The district sets any later stage, skipping, with the reason."""

    to_stage = forms.ChoiceField(label=gettext_lazy("new stage"))
    reason = forms.CharField(
        label=StageRecord._meta.get_field("override_reason").verbose_name,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["to_stage", "reached_on", "evidence", "reason"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["to_stage"].choices = [
            (stage.value, stage.label) for stage in later_stages(project.stage)
        ]


class FlagForm(PortalFormMixin, forms.Form):
    """P3: the district's review flag, set or cleared, with the reason."""

    flagged = forms.BooleanField(label=gettext_lazy("administrative affairs"), required=False)
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=200)


class DeleteForm(forms.Form):
    """The confirmation of a delete: the version of the project the page was opened at."""

    version = version_field()

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = record.version
