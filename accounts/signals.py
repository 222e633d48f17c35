"""Audit of authentication events. Django and axes announce them by signal; we record."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit(event="login", request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit(event="logout", request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit(
        event="login", request=request, username=credentials.get("username", ""), result="failure"
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit(
        event="lockout",
        request=request,
        username=username or "",
        result="failure",
        detail="5 failures: locked for 30 minutes",
    )
