"""Users carry one role and, for street and community users, exactly one scope."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import connections, models, router, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import auditchain
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


class AuditChainAnchor(models.Model):
    """Where the audit chain starts after the retention purge: the id and hash of the last
    purged row (one row, pk 1). The first remaining row links to this hash."""

    last_id = models.BigIntegerField(_("last purged id"))
    hash = models.CharField(_("hash"), max_length=64)
    purged = models.PositiveBigIntegerField(_("rows purged in all"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("audit chain anchor")
        verbose_name_plural = _("audit chain anchors")

    def __str__(self):
        return f"{self.last_id}:{self.hash}"


class AuditEventQuerySet(models.QuerySet):
    """No bulk writes: rows are inserted one at a time by ``save`` (which chains them) and
    deleted only by the retention purge (``AuditEventManager.purge_before``)."""

    def update(self, **kwargs):
        raise ValueError("Audit events are append-only.")

    def delete(self):
        raise ValueError("Audit events are append-only; the retention purge deletes them.")

    def bulk_create(self, *args, **kwargs):
        raise ValueError("Audit events are chained one at a time: use record().")

    def bulk_update(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):
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

    def chain_head(self) -> str:
        """The hash the next row links to: the last row's, else the purge anchor's (one
        query either way, so a view's query count does not depend on the log's size)."""
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        anchor = connections[self.db].ops.quote_name(AuditChainAnchor._meta.db_table)
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT COALESCE((SELECT hash FROM {table} ORDER BY id DESC LIMIT 1), "  # noqa: S608
                f"(SELECT hash FROM {anchor} WHERE id = 1))"
            )
            head = cursor.fetchone()[0]
        return head or auditchain.GENESIS

    def purge_before(self, cutoff) -> int:
        """The one sanctioned delete (retention): the oldest rows in id order, up to the first
        row at or after ``cutoff``; return how many. Only a prefix of the chain goes, so it
        stays verifiable from the anchor, which then holds the last purged row's id and hash.
        An old row behind a newer one waits for the next run (never less than the retention).
        """
        connection = connections[self.db]
        with transaction.atomic(using=self.db):
            auditchain.lock_chain(connection)
            keep_from = self.filter(at__gte=cutoff).order_by("pk").values_list("pk", flat=True)
            keep_from = keep_from.first()
            doomed = self.all() if keep_from is None else self.filter(pk__lt=keep_from)
            last = doomed.order_by("-pk").values_list("pk", "hash").first()
            if last is None:
                return 0
            with auditchain.purge_allowed(connection):
                deleted = models.QuerySet.delete(doomed)[0]
                anchors = AuditChainAnchor.objects.using(self.db)
                fields = {"last_id": last[0], "hash": last[1], "updated_at": timezone.now()}
                if not anchors.filter(pk=1).update(**fields, purged=F("purged") + deleted):
                    anchors.create(pk=1, purged=deleted, **fields)
            return deleted


class AuditEvent(models.Model):
    """Append-only audit trail of security events (GB/T 22239 §8.1.4.3).

    Business-record changes are in simple_history; this holds logins, lockouts, unmasking,
    imports, exports, approvals and jobs. The application only ever inserts rows.
    """

    class Result(models.TextChoices):
        SUCCESS = "success", _("success")
        FAILURE = "failure", _("failure")

    # Set before the row is hashed (not auto_now_add, which would set it after).
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
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
    # The hash chain (accounts.auditchain): the previous row's hash and this row's.
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventManager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [
            # Two rows linking to one predecessor would fork the chain.
            models.UniqueConstraint(fields=["prev_hash"], name="auditevent_one_successor"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.event}"

    def save(self, *args, **kwargs):
        """Insert the row as the chain's new tail; an existing row is never saved again."""
        if self.pk:
            raise ValueError("Audit events are append-only.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            auditchain.lock_chain(connections[using])
            self.prev_hash = type(self).objects.db_manager(using).chain_head()
            self.hash = auditchain.row_hash(self.__dict__, self.prev_hash)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class SubmissionToken(models.Model):
    """A used one-time token of an add form (``accounts.submissions``): the unique key makes
    a second submission of the same form, even a parallel one, write nothing. Kept two days
    (``shangcheng.forms.SUBMISSION_MAX_AGE``: a token older than that is refused anyway)."""

    token = models.CharField(_("token digest"), max_length=64, unique=True)
    user = models.ForeignKey(User, models.CASCADE, related_name="+", verbose_name=_("user"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    url = models.CharField(_("went to"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("submission token")
        verbose_name_plural = _("submission tokens")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.user_id}"
