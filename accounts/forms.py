from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPTokenForm


class VerifyForm(OTPTokenForm):
    """The TOTP step for district and auditor users (REQUIRE_2FA)."""

    otp_token = forms.CharField(label=_("one-time code"), max_length=6, required=True)
