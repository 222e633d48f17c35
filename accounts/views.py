from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from .access import is_auditor, role_required
from .audit_filter import AuditFilterForm
from .forms import VerifyForm
from .models import AuditEvent


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): logout invalidates the session on the server."""


def verify(request):
    """Second factor: a TOTP code from the user's device."""
    form = VerifyForm(request.user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.get_user().otp_device)
        return redirect("home")
    return render(request, "accounts/verify.html", {"form": form, "has_device": bool(form.devices)})


@role_required(is_auditor)
def audit_log(request):
    """The audit log: for the auditor only (三员 separation). Filters are validated first."""
    form = AuditFilterForm(request.GET)
    events = form.filter(AuditEvent.objects.all())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    if not page.object_list and not request.GET:
        messages.info(request, _("No audit events yet."))
    return render(request, "accounts/audit_log.html", {"page": page, "form": form})
