"""Files of a monthly evaluation: removal by the supervisor, download by whoever may read
the evaluation (audited). Uploading is on the evaluation's page (``evaluations``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.addresses import request_ip
from accounts.models import AuditEvent

from ..access import get_evaluation_file_for_user, may_file_evaluations
from ..services import files as services
from . import refusal_messages


@require_POST
@role_required(may_file_evaluations)
def evaluation_file_delete(request, pk):
    attached = get_evaluation_file_for_user(request.user, pk, write=True)
    try:
        services.evaluation_file_delete(file=attached, actor=request.user, ip=request_ip(request))
    except ValidationError as e:
        refusal_messages(request, e)
    else:
        messages.success(request, _("File removed: %(name)s") % {"name": attached.name})
    return redirect(attached.evaluation)


@never_cache
def evaluation_file_download(request, pk):
    # The scope check first, whatever the method: another's file is 404, never 405.
    attached = get_evaluation_file_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        stream = attached.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    AuditEvent.objects.record(
        event="evaluation_file_download",
        actor=request.user,
        ip=request_ip(request),
        obj=attached.evaluation,
        detail=f"{attached.name} ({attached.size} bytes)",
    )
    return FileResponse(stream, as_attachment=True, filename=attached.name)


urlpatterns = [
    path("evaluations/files/<int:pk>/", evaluation_file_download, name="evaluation_file"),
    path(
        "evaluations/files/<int:pk>/delete/", evaluation_file_delete, name="evaluation_file_delete"
    ),
]
