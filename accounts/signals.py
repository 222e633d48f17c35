"""Audit of authentication events. Django and axes announce them by signal; we record."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .addresses import request_ip
from .models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    AuditEvent.objects.record(event="login", actor=user, ip=request_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        AuditEvent.objects.record(event="logout", actor=user, ip=request_ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    AuditEvent.objects.record(
        event="login",
        username=credentials.get("username", ""),
        ip=request_ip(request),
        result="failure",
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    AuditEvent.objects.record(
        event="lockout",
        username=username or "",
        ip=request_ip(request),
        result="failure",
        detail="5 failures: locked for 30 minutes",
    )
