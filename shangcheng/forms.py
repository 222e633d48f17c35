"""What every form of the portal shares: Bootstrap widgets and no control characters."""

import re

from django import forms
from django.utils.translation import gettext as _

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
