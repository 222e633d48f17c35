"""What every form of the portal shares: Bootstrap widgets, no control characters, date
inputs, a hidden record version, and a service's refusal shown on the form."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Control characters (but tab and newline) are refused: they break Excel exports too.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PortalFormMixin:
    """Bootstrap classes on widgets; text with control characters refused, naming the field.

    The templates print each error after its field's label, so messages need not repeat it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and CONTROL_CHARS.search(value):
                self.add_error(name, _("Contains control characters; remove them."))
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def version_field(**kwargs) -> forms.IntegerField:
    """The hidden version of the record a form was opened at (optimistic locking)."""
    stale = gettext_lazy("This page is out of date; reload it and enter your changes again.")
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": stale, "invalid": stale}, **kwargs
    )


class VersionedFormMixin:
    """On an edit form, a hidden ``version``: the version of the record the form was opened
    at, which the service compares (``shangcheng.versioning.save_versioned``). An add form has
    no record yet, so no version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = version_field(initial=self.instance.version)


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, under the field it names if shown.

    An error naming no field (a ``StaleEdit``, say) is shown above the form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
