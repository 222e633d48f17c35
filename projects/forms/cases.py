"""Case study forms (C2/C3). The document is only received here: what it may be (type,
content, size) is ``projects.services.cases``'s to check, whose refusals the views put back
under the ``file`` field."""

from django import forms
from django.utils.translation import gettext_lazy

from shangcheng.forms import PortalFormMixin, VersionedFormMixin, version_field

from ..models import CaseStudy


class CaseStudyForm(VersionedFormMixin, PortalFormMixin, forms.ModelForm):
    """Add or edit a case study; on an edit, a chosen file replaces the document."""

    file = forms.FileField(
        label=gettext_lazy("document"),
        required=False,
        help_text=gettext_lazy("Word (.docx) or PDF; at most 20 MB. Optional."),
        widget=forms.FileInput(attrs={"accept": ".docx,.pdf"}),
    )

    class Meta:
        model = CaseStudy
        fields = ["year", "title", "field", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update(min=2022, max=2100)
        if self.instance.pk is not None and self.instance.file:
            self.fields["file"].label = gettext_lazy("replace the document")
            self.fields["file"].help_text = gettext_lazy(
                "Word (.docx) or PDF; at most 20 MB. Leave empty to keep the current document."
            )

    def content(self) -> dict:
        """What the services take, by their keyword names."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        return {**data, "upload": self.cleaned_data.get("file")}


class CaseYearForm(PortalFormMixin, forms.Form):
    """The list's ``?year=``: one year's case studies, or every year's when empty."""

    year = forms.IntegerField(
        label=gettext_lazy("year"), required=False, min_value=2022, max_value=2100
    )


class CaseDeleteForm(forms.Form):
    """The confirmation of a delete: the version of the case study the page was opened at."""

    version = version_field()

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = record.version
