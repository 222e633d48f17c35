"""The client's address for the audit trail, behind a known number of trusted proxies."""

from ipaddress import ip_address

from django.conf import settings


def request_ip(request) -> str | None:
    """The address the request came from.

    Production runs behind a TLS-terminating proxy (SECURITY.md), so ``REMOTE_ADDR`` is the
    proxy's. With ``TRUSTED_PROXY_COUNT = n`` the client is the n-th address from the right
    of ``X-Forwarded-For`` (each trusted proxy appends the address it saw); addresses further
    left were written by the client and are not believed. With 0 proxies, or a header shorter
    than the chain (a request that bypassed the proxy), ``REMOTE_ADDR`` is the client.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
