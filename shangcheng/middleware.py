"""The portal speaks Chinese unless the user chose otherwise; a logged-in user's pages are
never cached."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    Bureau staff work on machines whose browsers may be set to English; the portal is a
    Chinese government system, so it starts in Chinese and switches only when the user
    picks another language (the language cookie set by ``set_language``).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not chosen or not translation.check_for_language(chosen):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForAuthenticatedMiddleware:
    """``Cache-Control: no-store, private`` on every response to a logged-in user.

    Pages behind the login show personal data (people, the roster preview, the audit log);
    neither the browser's cache nor a proxy in front may keep them. Placed after
    ``AuthenticationMiddleware`` (it reads ``request.user`` on the way out); static files
    are served by WhiteNoise before it and keep their own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Logged in when the request came or when the response leaves (login, logout).
        was_authenticated = self._authenticated(request)
        response = self.get_response(request)
        if was_authenticated or self._authenticated(request):
            patch_cache_control(response, no_store=True, private=True)
            response["Pragma"] = "no-cache"
        return response

    @staticmethod
    def _authenticated(request) -> bool:
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
