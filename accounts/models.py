"""Users carry one role and, for street and community users, exactly one scope."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .addresses import request_ip

# Changes to these are security events: who may see what (role, scope) or log in at all.
AUDITED_USER_FIELDS = (
    "role",
    "street_id",
    "community_id",
    "is_active",
    "is_staff",
    "is_superuser",
    "is_demo",
)


class User(AbstractUser):
    class Role(models.TextChoices):
        DISTRICT = "district", _("district bureau")
        STREET = "street", _("street office")
        COMMUNITY = "community", _("community")
        SUPERVISOR = "supervisor", _("supervisor")
        AUDITOR = "auditor", _("auditor")

    # Blank only for the deployment's system administrator (superuser), who holds no
    # business role (三员 separation).
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, blank=True)
    street = models.ForeignKey(
        "stations.Street",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("street"),
    )
    community = models.ForeignKey(
        "stations.Community",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("community"),
    )
    # Demo accounts of ``seed_demo``; refused at login unless DEMO is on.
    is_demo = models.BooleanField(_("demo account"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("unmask_personal_data", _("Can see unmasked personal data"))]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="street", street__isnull=False, community__isnull=True)
                    | Q(role="community", community__isnull=False, street__isnull=True)
                    | (
                        ~Q(role__in=["street", "community"])
                        & Q(street__isnull=True, community__isnull=True)
                    )
                ),
                name="user_scope_matches_role",
                violation_error_message=_(
                    "A street user needs a street, a community user a community; "
                    "other roles have no scope."
                ),
            ),
        ]

    def save(self, *args, **kwargs):
        """Save, auditing changes of password, role, scope and status (SECURITY.md)."""
        fields = kwargs.get("update_fields")
        watched = fields is None or set(fields) & {"password", *AUDITED_USER_FIELDS}
        before = None
        if self.pk and watched:
            before = (
                User.objects.filter(pk=self.pk).values("password", *AUDITED_USER_FIELDS).first()
            )
        super().save(*args, **kwargs)
        if before is not None:
            self._audit_changes(before)

    def _audit_changes(self, before: dict) -> None:
        """Record a password change and changes of role, scope or status.

        The actor and their IP come from the request simple_history's middleware keeps for
        the current thread (none in a shell or a task: then the actor is the system).
        """
        request = getattr(HistoricalRecords.context, "request", None)
        actor = request.user if request is not None and request.user.is_authenticated else None
        ip = request_ip(request)
        username = actor.get_username() if actor else "system"
        if before["password"] != self.password:
            AuditEvent.objects.record(
                event="password_change", actor=actor, username=username, ip=ip, obj=self
            )
        changed = [f for f in AUDITED_USER_FIELDS if before[f] != getattr(self, f)]
        if changed:
            detail = "; ".join(f"{f}: {before[f]!r} → {getattr(self, f)!r}" for f in changed)
            AuditEvent.objects.record(
                event="role_change", actor=actor, username=username, ip=ip, obj=self, detail=detail
            )

    @property
    def scope(self):
        """The street or community this user is confined to, if any."""
        return self.street or self.community

    def scope_label(self):
        return str(self.scope) if self.scope else ""


class AuditEventManager(models.Manager):
    def record(
        self,
        *,
        event: str,
        actor: "User | None" = None,
        ip: str | None = None,
        obj: object = "",
        result: str = "success",
        detail: str = "",
        username: str = "",
    ) -> "AuditEvent":
        """The one writer of the audit trail: who (and in which role and scope), from which
        address, did what to which object, with what result. ``username`` names an actor
        without an account (a failed login, the system)."""
        if actor is not None and not actor.pk:
            actor = None
        return self.create(
            user=actor,
            username=username or (actor.get_username() if actor is not None else ""),
            role=getattr(actor, "role", "") or "",
            scope=actor.scope_label() if actor is not None else "",
            ip=ip,
            event=event,
            object=str(obj)[:200],
            result=result,
            detail=str(detail)[:500],
        )


class AuditEvent(models.Model):
    """Append-only audit trail of security events (GB/T 22239 §8.1.4.3).

    Business-record changes are in simple_history; this holds logins, lockouts, unmasking,
    imports, exports, approvals and jobs. The application only ever inserts rows.
    """

    class Result(models.TextChoices):
        SUCCESS = "success", _("success")
        FAILURE = "failure", _("failure")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=12, blank=True)
    scope = models.CharField(_("scope"), max_length=100, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    event = models.CharField(_("event"), max_length=50, db_index=True)
    object = models.CharField(_("object"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.event}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
