"""The forms of the projects and funding import: the upload and the confirmation."""

from django import forms
from django.utils.translation import gettext_lazy

from shangcheng.forms import PortalFormMixin

from .. import importing


class ImportUploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("projects and funding workbook"),
        help_text=gettext_lazy(".xlsx only, at most 5 MB and 2,000 rows, no macros."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        """The bytes of the upload, once ``shangcheng.xlsx`` has checked them."""
        return importing.check_upload(self.cleaned_data["file"])


class ImportConfirmForm(PortalFormMixin, forms.Form):
    """The preview's rows, signed (``importing.sign``): what the confirmation writes."""

    payload = forms.CharField(widget=forms.HiddenInput, strip=False)
