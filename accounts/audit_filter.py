"""The audit log's filter form: every value is checked before it reaches a query.

A raw query-string value once went straight into ``filter(event=…)``: PostgreSQL refuses a
NUL in a string, so ``?event=%00`` was a 500. Now a bad value (NUL or another control
character, too long, a date that does not exist, a range the wrong way round) is a form
error naming the field, and only the valid filters apply.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from shangcheng.forms import DateInput, PortalFormMixin

from .models import AuditEvent

EARLIEST = date(2000, 1, 1)  # the portal's audit log starts long after this


class AuditFilterForm(PortalFormMixin, forms.Form):
    event = forms.CharField(
        label=_("event"),
        required=False,
        max_length=AuditEvent._meta.get_field("event").max_length,
        widget=forms.TextInput(attrs={"placeholder": _("event, e.g. login")}),
    )
    username = forms.CharField(
        label=_("username"),
        required=False,
        max_length=AuditEvent._meta.get_field("username").max_length,
    )
    result = forms.ChoiceField(
        label=_("result"),
        required=False,
        choices=[("", _("any result")), *AuditEvent.Result.choices],
    )
    since = forms.DateField(label=_("from date"), required=False, widget=DateInput)
    until = forms.DateField(label=_("to date"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # a NUL is a control character: one message
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]

    def clean_since(self):
        return _in_range(self.cleaned_data["since"])

    def clean_until(self):
        return _in_range(self.cleaned_data["until"])

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filter(self, events):
        """The events matching the filters that are valid (an invalid one is ignored)."""
        self.is_valid()  # fills cleaned_data with the valid fields, errors with the rest
        data = self.cleaned_data
        if data.get("event"):
            events = events.filter(event=data["event"].strip())
        if data.get("username"):
            events = events.filter(username=data["username"].strip())
        if data.get("result"):
            events = events.filter(result=data["result"])
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        return events


def _in_range(value):
    if value is not None and not EARLIEST <= value <= date(9998, 12, 31):
        message = _("Enter a date from %(earliest)s on.")
        raise ValidationError(message, params={"earliest": EARLIEST.isoformat()})
    return value
