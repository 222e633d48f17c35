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

from .masking import mask
from .models import PERSON_FIELDS, Certificate, Person, Post, Qualification, StaffAppraisal
from .validators import normalise_id_number

# A person's own fields, in the order of the form; the roster import fills the same fields.


class PersonForm(PortalFormMixin, forms.ModelForm):
    """Create or edit a person. On edit, an empty ID number or mobile keeps the stored one."""

    version = version_field()
    street = forms.ModelChoiceField(queryset=None, label=gettext_lazy("roster street"))

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
        value = self.cleaned_data["mobile"].strip()
        if not value and self.editing:
            return self.instance.mobile
        return value

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
    end = forms.DateField(label=gettext_lazy("date left"), widget=DateInput)

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

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", _("Must be after the date of issue."))
        return cleaned


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
