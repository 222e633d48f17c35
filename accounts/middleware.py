"""Session lifetime and the second factor, enforced for every request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .access import needs_second_factor

_STARTED = "_session_started_at"


class SessionLifetimeMiddleware:
    """Absolute session lifetime (12 hours); the idle timeout is SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(_STARTED, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class SecondFactorMiddleware:
    """With REQUIRE_2FA on, district and auditor users must verify a TOTP device first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_2FA
            and needs_second_factor(user)
            and not user.is_verified()
            and request.path not in self._exempt_paths()
        ):
            return redirect("accounts:verify")
        return self.get_response(request)

    @staticmethod
    def _exempt_paths():
        return {reverse("accounts:verify"), reverse("accounts:logout")}
