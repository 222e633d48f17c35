from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.forms import OTPTokenForm

from shangcheng.forms import PortalFormMixin


class VerifyForm(PortalFormMixin, OTPTokenForm):
    """The TOTP step for district and auditor users (REQUIRE_2FA).

    A user normally has one device: it is chosen for them, so the page asks only for the code.
    """

    otp_token = forms.CharField(
        label=_("one-time code"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, user, request=None, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        self.devices = list(devices_for_user(user))
        del self.fields["otp_challenge"]
        device = self.fields["otp_device"]
        device.label = _("authenticator device")
        if len(self.devices) == 1:
            device.widget = forms.HiddenInput()
            device.initial = self.devices[0].persistent_id
