"""Staffing forms. They validate and show errors; the writes happen in ``services``.

Every message names its field (``includes/form.html`` prints "label：message"); personal
data is never put back into a form from the database, so an edit page shows it masked.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shangcheng.forms import DateInput, PortalFormMixin, version_field
from stations.models import School

from .identity import id_number_refusal
from .masking import mask
from .models import PERSON_FIELDS, Certificate, Person, Post, Qualification, StaffAppraisal
from .validators import normalise_id_number, normalise_mobile, validate_plausible_date

# Room for what people type around the digits ("+86 138 0013 8000", spaces, full-width):
# the value is normalised and then held to the model's 18 and 11 ASCII characters.
_TYPED_MAX_LENGTH = 40


def _typed_field(name: str, **kwargs) -> forms.CharField:
    label = Person._meta.get_field(name).verbose_name
    return forms.CharField(label=label, max_length=_TYPED_MAX_LENGTH, **kwargs)


class PersonForm(PortalFormMixin, forms.ModelForm):
    """Create or edit a person. On edit, an empty ID number or mobile keeps the stored one.

    Every check of the roster import applies (the model's: ``Person.clean_fields`` and
    ``Person.clean``); an ID number held on a roster the user does not keep is refused in
    the words of ``staffing.identity``, never by saying that it exists.
    """

    version = version_field()
    street = forms.ModelChoiceField(queryset=None, label=gettext_lazy("roster street"))
    id_number = _typed_field("id_number")
    mobile = _typed_field("mobile", required=False)

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "street", "schools_served"]
        labels = {"name": gettext_lazy("full name")}
        widgets = {
            "birth_date": DateInput,
            "community_work_since": DateInput,
            "schools_served": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.streets = streets
        self.editing = self.instance.pk is not None
        # A clerk keeps one street's roster: no choice to make.
        if len(streets) > 1:
            self.fields["street"].queryset = streets
        else:
            del self.fields["street"]
        self.fields["schools_served"].queryset = School.objects.filter(
            street__in=streets
        ).select_related("street")
        if not self.editing:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version
            for name in ("id_number", "mobile"):
                now = mask(getattr(self.instance, name)) or "—"
                self.initial[name] = ""
                self.fields[name].required = False
                self.fields[name].help_text = _("Now %(value)s; leave empty to keep it.") % {
                    "value": now
                }

    def clean_id_number(self):
        value = normalise_id_number(self.cleaned_data["id_number"])
        if not value and self.editing:
            return self.instance.id_number
        return value

    def clean_mobile(self):
        value = normalise_mobile(self.cleaned_data["mobile"])
        if not value and self.editing:
            return self.instance.mobile
        return value

    def validate_unique(self):
        """The ID number's uniqueness in ``staffing.identity``'s words; the rest as usual."""
        exclude = {*self._get_validation_exclusions(), "id_number"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as e:
            self._update_errors(e)
        id_number = self.cleaned_data.get("id_number")
        if id_number and "id_number" not in self.errors:
            refusal = id_number_refusal(
                id_number, streets=self.streets, exclude_pk=self.instance.pk
            )
            if refusal:
                self.add_error("id_number", refusal)

    def service_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in [*PERSON_FIELDS, "schools_served"]}


class PostAssignForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "unit",
            "post",
            "full_time",
            "office_director",
            "contractor_lead",
            "start",
            "note",
        ]
        widgets = {"start": DateInput}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.select_related("street", "community")


class PostEndForm(PortalFormMixin, forms.Form):
    end = forms.DateField(
        label=gettext_lazy("date left"), widget=DateInput, validators=[validate_plausible_date]
    )

    def __init__(self, *args, post, **kwargs):
        kwargs.setdefault("auto_id", f"post{post.pk}_%s")
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_end(self):
        end = self.cleaned_data["end"]
        # The same check as the model's constraint, said under the field.
        if end <= self.post.start:
            raise ValidationError(
                _("Must be after the start of the post (%(start)s).")
                % {"start": self.post.start.isoformat()}
            )
        return end


class CertificateForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["level", "number", "issued_on", "expires_on"]
        widgets = {"issued_on": DateInput, "expires_on": DateInput}
        # Dates within bounds, expiry after issue: the model's checks (``Certificate.clean``).


class QualificationForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "level", "year", "title"]


class AppraisalForm(PortalFormMixin, forms.ModelForm):
    """One grade per person and year: recording a year again corrects it."""

    class Meta:
        model = StaffAppraisal
        fields = ["year", "grade"]


class TenureFilterForm(PortalFormMixin, forms.Form):
    street = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("street"),
        empty_label=gettext_lazy("all streets"),
    )

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
