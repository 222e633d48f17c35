"""What every form of the portal shares: Bootstrap widgets, no control characters, date
inputs, a hidden record version, a hidden one-time submission token on add forms, and a
service's refusal shown on the form."""

import re
import secrets
import unicodedata
from datetime import date, datetime, timedelta

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Control characters (but tab and newline) are refused: they break Excel exports too.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional embeddings, overrides and isolates: text that displays as something else.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# The dates any form takes (a narrower field validates its own range first).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# The largest primary key a database column holds (a larger one is not looked up: SQLite
# raises OverflowError, PostgreSQL a DataError that aborts the transaction).
_MAX_PK = 2**63 - 1


# The one-time submission token of an add form (``accounts.submissions`` consumes it).
SUBMISSION_FIELD = "submission"
# A token is good for two days after the form was shown; ``accounts.submissions`` keeps a
# used one at least as long, so an expired token can never be replayed after its purge.
SUBMISSION_MAX_AGE = timedelta(days=2)
_SUBMISSION_SALT = "shangcheng.forms.submission"


def submission_token(user_pk: int) -> str:
    """A fresh random token for ``user_pk``, signed and dated (it names no record)."""
    return signing.TimestampSigner(salt=_SUBMISSION_SALT).sign(
        f"{user_pk}:{secrets.token_urlsafe(18)}"
    )


class SubmissionTokenField(forms.CharField):
    """Hidden; valid only if signed for this user within ``SUBMISSION_MAX_AGE``.

    A missing, forged, foreign or expired token is refused: a scripted post without a form
    shown first cannot bypass the once-only check.
    """

    def __init__(self, *, user_pk: int):
        expired = gettext_lazy("This page has expired; reload it and submit again.")
        super().__init__(
            widget=forms.HiddenInput,
            max_length=200,
            error_messages={"required": expired, "max_length": expired},
        )
        self.user_pk = user_pk
        self.expired = expired

    def validate(self, value):
        super().validate(value)
        signer = signing.TimestampSigner(salt=_SUBMISSION_SALT)
        try:
            signed = signer.unsign(value, max_age=SUBMISSION_MAX_AGE)
        except signing.BadSignature:  # SignatureExpired included
            raise ValidationError(self.expired, code="expired") from None
        if signed.partition(":")[0] != str(self.user_pk):
            raise ValidationError(self.expired, code="expired")


class PortalFormMixin:
    """Bootstrap classes on widgets; text with control characters refused, naming the field.

    The templates print each error after its field's label, so messages need not repeat it.

    ``submitter=user`` makes it an add form that saves once: a hidden one-time token
    (``SUBMISSION_FIELD``), fresh on every form shown; once valid it is taken out of
    ``cleaned_data`` into ``form.submission`` for ``accounts.submissions.once`` to consume
    with the write.
    """

    submission = None

    def __init__(self, *args, submitter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if submitter is not None:
            field = SubmissionTokenField(user_pk=submitter.pk)
            field.initial = submission_token(submitter.pk)
            self.fields[SUBMISSION_FIELD] = field
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):  # multiple choice included
                field.clean = _bounded_pk_clean(field)
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
            if isinstance(value, str):
                if CONTROL_CHARS.search(value):
                    self.add_error(name, _("Contains control characters; remove them."))
                elif BIDI_CONTROLS.search(value):
                    self.add_error(name, _bidi_message())
                elif value and all(_invisible(c) for c in value):
                    self.add_error(name, _invisible_message())
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Last, so that a form's own narrower date check (a past date, say) speaks first.
        for name, value in list(getattr(self, "cleaned_data", {}).items()):
            if isinstance(value, date) and not isinstance(value, datetime):
                if not EARLIEST_DATE <= value <= LATEST_DATE:
                    message = _("Enter a date from 1900-01-01 up to %(latest)s.")
                    self.add_error(name, message % {"latest": LATEST_DATE.isoformat()})
        field = self.fields.get(SUBMISSION_FIELD)
        if field is None or not self.is_bound:
            return
        if SUBMISSION_FIELD in self._errors:
            # Shown again with a fresh token, so the corrected form can be sent.
            self.data = self.data.copy()
            self.data[SUBMISSION_FIELD] = submission_token(field.user_pk)
        else:
            # Out of ``cleaned_data``: services take the form's fields as keywords.
            self.submission = self.cleaned_data.pop(SUBMISSION_FIELD, None)


def _bidi_message() -> str:  # the messages of staffing.validators, shared
    return _("Contains a text-direction control character (such as U+202E); remove it.")


def _invisible_message() -> str:
    return _("Contains an invisible character (such as a zero-width space); remove it.")


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


def _bounded_pk_clean(field):
    """``field.clean`` refusing, as a choice that does not exist, a key too large for the
    database column, before any query is made with it."""
    clean = field.clean

    def bounded(value):
        values = value if isinstance(value, list | tuple) else [value]
        for one in values:
            text = str(one).strip() if one is not None else ""
            if text.lstrip("-").isdigit() and abs(int(text)) > _MAX_PK:
                code = "invalid_choice"
                raise ValidationError(field.error_messages[code], code=code, params={"value": text})
        return clean(value)

    return bounded


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
