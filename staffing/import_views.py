"""Roster import pages: the template, the upload, the preview and the confirmation.

Only those who keep staff reach them (``may_keep_staff``: the district and street clerks,
the same predicate as the navigation's link; anyone else gets 404); a clerk imports into
their own street only, and another street's import is 404 (``staffing.access``). The work
is ``staffing.roster``'s. Every upload and every confirmation is audited with its row
counts, refusals included.
"""

from io import BytesIO

from django import forms
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required, writable_streets
from accounts.addresses import request_ip
from accounts.models import AuditEvent
from shangcheng.forms import PortalFormMixin
from stations.models import Street

from . import roster
from .access import get_roster_import_for_user, may_keep_staff
from .models import RosterImport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = 500  # rows and errors listed on the preview page; the counts cover the whole file


class RosterUploadForm(PortalFormMixin, forms.Form):
    street = forms.ModelChoiceField(label=gettext_lazy("street"), queryset=Street.objects.none())
    file = forms.FileField(
        label=gettext_lazy("roster workbook"),
        help_text=gettext_lazy(".xlsx only, at most 10 MB and 5,000 rows, no macros."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
        if len(streets) == 1:  # a clerk's street is fixed; another street is not a choice
            self.fields["street"].empty_label = None
        self.file_name = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_name = upload.name
        return roster.check_upload(upload)


def _audit(request, event: str, *, obj="", result="success", detail="") -> None:
    ip = request_ip(request)
    AuditEvent.objects.record(
        event=event, actor=request.user, ip=ip, obj=obj, result=result, detail=detail
    )


@require_GET
@role_required(may_keep_staff)
def roster_template(request):
    return FileResponse(
        BytesIO(roster.template_workbook()),
        as_attachment=True,
        filename="人员名册导入模板.xlsx",
        content_type=XLSX,
    )


@role_required(may_keep_staff)
def roster_upload(request):
    streets = writable_streets(request.user)
    if request.method != "POST":
        form = RosterUploadForm(streets=streets)
        return render(request, "staffing/roster_upload.html", {"form": form})
    form = RosterUploadForm(request.POST, request.FILES, streets=streets)
    if not form.is_valid():
        refused = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        _audit(request, "roster_preview", result="failure", detail=refused)
        return render(request, "staffing/roster_upload.html", {"form": form})
    record, plan = roster.preview(
        street=form.cleaned_data["street"],
        user=request.user,
        file_name=form.file_name,
        data=form.cleaned_data["file"],
        shown=SHOWN,
    )
    result = "failure" if plan.errors else "success"
    _audit(request, "roster_preview", obj=record, result=result, detail=_counts(plan))
    return redirect(record)


def _counts(plan) -> str:
    return (
        f"rows={plan.data_rows}, creates={plan.creates}, updates={plan.updates}, "
        f"unchanged={plan.unchanged}, errors={len(plan.errors)}"
    )


@role_required(may_keep_staff)
def roster_preview(request, pk):
    """The dry run stored at upload (``RosterImport.preview``); the file is not read again.
    Once applied, failed or lapsed, only the counts are kept."""
    record = get_roster_import_for_user(request.user, pk)
    context = {"record": record, "shown": SHOWN, "preview": record.preview}
    return render(request, "staffing/roster_preview.html", context)


@require_POST
@role_required(may_keep_staff)
def roster_confirm(request, pk):
    """Apply the import. The import itself is the one-time key of this form: ``confirm``
    applies it once under a row lock, so a double click or a resubmit writes nothing again
    (two at once wait for each other: SQLite's IMMEDIATE transactions, PostgreSQL's lock)."""
    record = get_roster_import_for_user(request.user, pk)
    try:
        summary = roster.confirm(record=record, user=request.user)
    except roster.RosterRefused as refused:
        detail = f"errors={len(refused.errors)}: {refused}"
        _audit(request, "roster_import", obj=record, result="failure", detail=detail)
        record.refresh_from_db(fields=["status"])
        if record.status == RosterImport.Status.APPLIED:  # by an earlier confirmation
            messages.success(request, _("Saved already; not submitted again."))
            messages.info(request, str(refused.errors[0]))
            return redirect(record)
        reason = {"reason": refused.errors[0]}
        messages.error(request, _("Nothing was written: %(reason)s") % reason)
    else:
        _audit(request, "roster_import", obj=record, detail=str(summary))
        message = _("Imported %(rows)s rows: %(creates)s new people, %(updates)s updates.")
        messages.success(request, message % vars(summary))
    return redirect(record)
