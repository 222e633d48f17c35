"""Unit forms by kind. Every message names the field; nothing is saved unless all is valid."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shangcheng import rules
from shangcheng.forms import PortalFormMixin

from .models import Unit


def _choices(codes: dict):
    return list(codes.items())


class UnitFormBase(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rooms = forms.MultipleChoiceField(
        label=gettext_lazy("room functions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["name"].help_text = self.name_help()

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
        fields = [
            "name",
            "brand",
            "address",
            "mode",
            "contractor",
            "rooms",
            "systems",
            "has_service_window",
            "shows_service_list",
            "displays",
            "uses_logo",
            "signage_on_wall",
        ]

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
        fields = [
            "name",
            "brand",
            "address",
            "rooms",
            "postings",
            "uses_logo",
            "signage_on_wall",
        ]

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
