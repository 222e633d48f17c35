"""Supervision forms. They parse and show errors; the workflow's rules live in
``supervision.services`` (whose refusals the views put back on the form)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shangcheng.forms import PortalFormMixin, version_field
from stations.models import Street

from .models import EvaluationEvent, MonthlyEvaluation

Status = MonthlyEvaluation.Status


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A month (``2024-03``, or any day of it), cleaned to its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


# What a supervisor writes, in the order of the form.
CONTENT = [
    "sessions",
    "hours",
    "forms",
    "topics",
    "unit_score",
    "workers_score",
    "problems",
    "recommendations",
]


class EvaluationForm(PortalFormMixin, forms.ModelForm):
    """A new evaluation (month and unit chosen) or an edit of one (content only, with the
    version it was opened at)."""

    month = MonthField(label=gettext_lazy("month"))

    class Meta:
        model = MonthlyEvaluation
        fields = ["month", "unit", *CONTENT]
        widgets = {
            "topics": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here, not declared: a class attribute ``forms`` would hide the module.
        self.fields["forms"] = forms.MultipleChoiceField(
            label=MonthlyEvaluation._meta.get_field("forms").verbose_name,
            choices=MonthlyEvaluation.Form.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        if self.instance.pk is not None:
            # Month and unit are fixed once filed: another month is another evaluation.
            del self.fields["month"], self.fields["unit"]
            self.fields["version"] = version_field(initial=self.instance.version)
        else:
            self.fields["unit"].queryset = units.select_related("street").order_by(
                "street", "kind", "name"
            )
            self.fields["unit"].empty_label = None if len(units) == 1 else "---------"

    def validate_unique(self):
        # One evaluation per supervisor, unit and month is the service's to say (the form has
        # no supervisor), in words the supervisor understands.
        pass

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT}


class ReturnForm(PortalFormMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("what to change"),
        max_length=EvaluationEvent._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say what the supervisor should change.")},
    )


class EvaluationFileForm(PortalFormMixin, forms.Form):
    """One file to attach; what it may be is the service's to check."""

    file = forms.FileField(
        label=gettext_lazy("attachment"),
        help_text=gettext_lazy("PDF, Word (.docx), Excel (.xlsx), JPEG or PNG; at most 10 MB."),
        error_messages={"required": gettext_lazy("Choose a file to attach.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class ReviewFilterForm(PortalFormMixin, forms.Form):
    """The district's review queue: submitted evaluations unless told otherwise."""

    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        choices=[("", gettext_lazy("any status")), *Status.choices],
        required=False,
    )
    month = MonthField(label=gettext_lazy("month"), required=False)
    street = forms.ModelChoiceField(
        label=gettext_lazy("street"),
        queryset=Street.objects.all(),
        required=False,
        empty_label=gettext_lazy("all streets"),
    )

    def filter(self, evaluations):
        if not self.is_valid():
            return evaluations.none()
        data = self.cleaned_data
        if data["status"]:
            evaluations = evaluations.filter(status=data["status"])
        if data["month"]:
            evaluations = evaluations.filter(month=data["month"])
        if data["street"]:
            evaluations = evaluations.filter(unit__street=data["street"])
        return evaluations


class BulkApproveForm(forms.Form):
    """The evaluations ticked on the review queue (checkboxes named ``evaluations``)."""

    evaluations = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={"required": gettext_lazy("Select at least one evaluation.")},
    )

    def __init__(self, *args, evaluations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluations"].queryset = evaluations

    def clean_evaluations(self):
        chosen = self.cleaned_data["evaluations"]
        if len(chosen) > 200:
            raise ValidationError(_("At most 200 at a time."))
        return chosen
