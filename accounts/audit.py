"""Writing the audit trail: one function, called where the event happens."""

from .models import AuditEvent


def client_ip(request):
    # Behind the deployment's proxy REMOTE_ADDR is the proxy; gunicorn is configured to
    # pass the client address (see README), so REMOTE_ADDR is what we trust.
    return request.META.get("REMOTE_ADDR") if request is not None else None


def audit(*, event, request=None, user=None, username="", obj="", result="success", detail=""):
    """Record one audit event: who, role, scope, IP, what, on which object, with what result."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(
        user=user if user is not None and user.pk else None,
        username=username or (user.get_username() if user is not None else ""),
        role=getattr(user, "role", "") or "",
        scope=user.scope_label() if user is not None and hasattr(user, "scope_label") else "",
        ip=client_ip(request),
        event=event,
        object=str(obj)[:200],
        result=result,
        detail=str(detail)[:500],
    )


def audit_user_change(user, before: dict) -> None:
    """Record a password change and changes of role, scope or status of ``user``.

    The actor and their IP come from the request simple_history's middleware keeps for the
    current thread (none in a shell or a task: then the actor is the system).
    """
    from simple_history.models import HistoricalRecords

    from .models import AUDITED_USER_FIELDS

    request = getattr(HistoricalRecords.context, "request", None)
    actor = request.user if request is not None and request.user.is_authenticated else None
    if before["password"] != user.password:
        audit(
            event="password_change",
            request=request,
            user=actor,
            username=actor.get_username() if actor else "system",
            obj=user.get_username(),
        )
    changed = [f for f in AUDITED_USER_FIELDS if before[f] != getattr(user, f)]
    if changed:
        detail = "; ".join(f"{f}: {before[f]!r} → {getattr(user, f)!r}" for f in changed)
        audit(
            event="role_change",
            request=request,
            user=actor,
            username=actor.get_username() if actor else "system",
            obj=user.get_username(),
            detail=detail,
        )
