"""Unit forms by kind, and the forms of a unit's sub-records (lists, special stations,
schools, recognitions). Every message names the field; nothing is saved unless all is valid.

Edit forms carry the record's ``version``, hidden; the service refuses a save (or a delete)
from a form opened before someone else's save.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shangcheng import rules
from shangcheng.forms import DateInput, PortalFormMixin, VersionedFormMixin, version_field

from .models import ListItem, Recognition, School, SpecialStation, Street, Unit
from .services import FIRST_CLOSABLE_YEAR


def _choices(codes: dict):
    return list(codes.items())


class UnitFormBase(PortalFormMixin, forms.ModelForm):
    version = version_field()
    service_place = forms.ChoiceField(
        label=gettext_lazy("fixed service place"),
        required=False,
        help_text=gettext_lazy("F10: where the unit's fixed service place is hosted."),
    )
    rooms = forms.MultipleChoiceField(
        label=gettext_lazy("room functions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["name"].help_text = self.name_help()
        places = self.instance.service_places()
        self.fields["service_place"].choices = [("", "—"), *_choices(places)]

    def name_help(self):
        raise NotImplementedError


class StationForm(UnitFormBase):
    systems = forms.MultipleChoiceField(
        label=gettext_lazy("management systems"),
        choices=_choices(rules.STATION_SYSTEMS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    displays = forms.MultipleChoiceField(
        label=gettext_lazy("display areas"),
        choices=_choices(rules.STATION_DISPLAYS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Unit
        fields = Unit.STATION_PROFILE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rooms"].choices = _choices(rules.STATION_ROOMS)
        self.fields["mode"].required = True

    def name_help(self):
        return _("F5: the name is exactly “%(name)s”.") % {
            "name": rules.expected_station_name(self.instance.street.name)
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        street = self.instance.street.name
        if not rules.station_name_ok(name, street):
            raise forms.ValidationError(
                _("F5 requires exactly “%(expected)s”.")
                % {"expected": rules.expected_station_name(street)}
            )
        return name

    def clean(self):
        cleaned = super().clean()
        mode, contractor = cleaned.get("mode"), cleaned.get("contractor", "").strip()
        if mode == Unit.Mode.MIXED and not contractor:
            self.add_error("contractor", _("A station in mixed operation names its contractor."))
        if mode == Unit.Mode.SELF and contractor:
            self.add_error("contractor", _("A self-operated station has no contractor."))
        return cleaned


class WorkroomForm(UnitFormBase):
    postings = forms.MultipleChoiceField(
        label=gettext_lazy("posted boards"),
        choices=_choices(rules.WORKROOM_POSTINGS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Unit
        fields = Unit.WORKROOM_PROFILE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rooms"].choices = _choices(rules.WORKROOM_ROOMS)

    def name_help(self):
        return _("F8: “上城区%(street)s%(community)s” + a feature name + “社会工作室”.") % {
            "street": self.instance.street.name,
            "community": self.instance.community.name,
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        street, community = self.instance.street.name, self.instance.community.name
        if not rules.workroom_name_ok(name, street, community):
            raise forms.ValidationError(
                _(
                    "F8 requires “上城区%(street)s%(community)s” followed by a feature "
                    "name (a social worker's name, a field or a speciality, 1–20 characters, "
                    "no spaces) and “社会工作室”."
                )
                % {"street": street, "community": community}
            )
        return name


def unit_form_class(unit: Unit):
    return StationForm if unit.is_station else WorkroomForm


class ListItemForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ListItem
        fields = ["list", "title", "detail", "party"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].help_text = _("L4: only for the strength resources list.")

    def clean(self):
        cleaned = super().clean()
        # The model's check constraint, said under the field it concerns (L4).
        if cleaned.get("party") and cleaned.get("list") != ListItem.List.RESOURCES:
            self.add_error("party", _("Only strength resources carry a five-party tag."))
        return cleaned


class SpecialStationForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    class Meta:
        model = SpecialStation
        fields = ["name", "field"]


class SchoolForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """A street's school; the units that serve it are chosen among the street's own."""

    class Meta:
        model = School
        fields = ["name", "served_by"]
        widgets = {"served_by": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_by"].queryset = self.instance.street.units.all()
        self.fields["served_by"].help_text = _(
            "T4: the station or workrooms whose social workers serve this school."
        )

    def clean_name(self):
        # The street is not a field, so the unique constraint is checked here, by name.
        name = self.cleaned_data["name"].strip()
        same = School.objects.filter(street=self.instance.street, name=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This street already has a school of this name."))
        return name


class RecognitionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Recognition
        fields = ["level", "year", "title"]
        labels = {"title": gettext_lazy("recognition title")}

    def clean(self):
        cleaned = super().clean()
        level, year = cleaned.get("level"), cleaned.get("year")
        # The unit is not a field, so the one-per-level-and-year constraint is checked here.
        same = Recognition.objects.filter(unit=self.instance.unit, level=level, year=year)
        if level and year and same.exists():
            self.add_error(
                "year", _("This unit already has a recognition at this level for this year.")
            )
        return cleaned


class RevokeForm(PortalFormMixin, forms.Form):
    revoked_on = forms.DateField(
        label=gettext_lazy("revoked on"),
        widget=DateInput,
        help_text=gettext_lazy("From this day on the site no longer counts toward T1/T3."),
    )


class DeleteForm(forms.Form):
    """The confirmation of a delete: the version of the record the page was opened at."""

    version = version_field()

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = record.version


# Closing and reopening a year (the district).


class _YearScopeForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("year"), min_value=FIRST_CLOSABLE_YEAR, max_value=2100
    )
    street = forms.ModelChoiceField(
        Street.objects.all(),
        label=gettext_lazy("street"),
        required=False,
        empty_label=gettext_lazy("the whole district"),
    )


class YearCloseForm(_YearScopeForm):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm: no record of this year may change until the district reopens it."
        ),
    )


class YearReopenForm(_YearScopeForm):
    reason = forms.CharField(
        label=gettext_lazy("reason for reopening"), max_length=300, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["rows"] = 2
