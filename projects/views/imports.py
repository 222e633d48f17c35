"""The projects and funding import of a street: the template, the upload with its preview
and the confirmation.

Those who keep a street's records reach them (the district for any street, a street's
clerk for their own; anyone else, and another street's clerk, gets 404). The upload is
checked (``shangcheng.xlsx``) and parsed whole, and the preview is rendered at once: the
projects app keeps no upload, so the confirm form carries the preview's rows, signed, and
the confirmation checks them again and writes them in one transaction. Both steps are
audited with their counts, refusals included.
"""

from io import BytesIO

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_street_for_user, keeps_street_records, role_required
from accounts.addresses import request_ip

from .. import importing
from ..forms.imports import ImportConfirmForm, ImportUploadForm
from ..services import imports as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = 500  # rows and errors listed on the preview page; the counts cover the whole file


@role_required(keeps_street_records)
@require_GET
def import_template(request):
    return FileResponse(
        BytesIO(importing.template_workbook()),
        as_attachment=True,
        filename="项目和经费导入模板.xlsx",
        content_type=XLSX,
    )


def _upload_page(request, street, form, *, status=200):
    return render(
        request, "projects/import_upload.html", {"street": street, "form": form}, status=status
    )


@role_required(keeps_street_records)
@never_cache
@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    street = get_street_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return _upload_page(request, street, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        reason = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        services.import_preview_refused(
            street=street, reason=reason, actor=request.user, ip=request_ip(request)
        )
        return _upload_page(request, street, form)
    plan, payload = services.import_preview(
        street=street, data=form.cleaned_data["file"], actor=request.user, ip=request_ip(request)
    )
    confirm = ImportConfirmForm(initial={"payload": payload}) if payload else None
    return _preview_page(request, street, plan, plan.errors, confirm=confirm)


def _preview_page(request, street, plan, errors, *, confirm=None):
    context = {
        "street": street,
        "plan": plan,
        "errors": errors[:SHOWN],
        "error_count": len(errors),
        "shown": SHOWN,
        "confirm_form": confirm,
    }
    if plan is not None:
        context.update(
            projects=plan.projects[:SHOWN],
            fundings=list(plan.fundings.values()),
            purchases=plan.purchases[:SHOWN],
        )
    return render(request, "projects/import_preview.html", context)


@role_required(keeps_street_records)
@never_cache
@require_POST
def import_confirm(request, pk):
    street = get_street_for_user(request.user, pk, write=True)
    form = ImportConfirmForm(request.POST)
    payload = form.cleaned_data["payload"] if form.is_valid() else ""
    try:
        summary = services.import_confirm(
            street=street, payload=payload, actor=request.user, ip=request_ip(request)
        )
    except importing.ImportRefused as refused:
        if refused.code != "rows":  # not a preview of theirs, or too old: upload again
            messages.error(request, str(refused.errors[0]))
            return _upload_page(request, street, ImportUploadForm(), status=400)
        messages.error(
            request, _("Nothing was written: %(reason)s") % {"reason": refused.errors[0]}
        )
        return _preview_page(request, street, None, refused.errors)
    message = _(
        "Imported %(projects)s projects, %(fundings_created)s new and %(fundings_updated)s "
        "changed funding years and %(purchases)s purchases."
    )
    messages.success(request, message % vars(summary))
    return redirect(street)


urlpatterns = [
    path("projects-import/template/", import_template, name="import_template"),
    path("streets/<int:pk>/projects-import/", import_upload, name="import_upload"),
    path("streets/<int:pk>/projects-import/confirm/", import_confirm, name="import_confirm"),
]
