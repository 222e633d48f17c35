"""Demo accounts, for the embedded demo only (refused at login unless DEMO is on)."""

from django.contrib.auth.hashers import make_password

from accounts.models import User
from stations.demo import PINYIN
from stations.models import Community, Street

DEMO_PASSWORD = "Demo-2022"  # noqa: S105 — printed by `make run`; demo accounts only


def demo_accounts():
    """(username, role, street, community) of every demo account."""
    yield "district", User.Role.DISTRICT, None, None
    yield "auditor", User.Role.AUDITOR, None, None
    yield "supervisor", User.Role.SUPERVISOR, None, None
    for street in Street.objects.filter(name__in=PINYIN).order_by("code"):
        yield street.pinyin, User.Role.STREET, street, None
    community = Community.objects.filter(code="330102001051").first()  # 清波门社区
    if community is not None:
        yield "qingbomen", User.Role.COMMUNITY, None, community


def seed_accounts() -> list[tuple[str, str, str]]:
    """Create missing demo accounts; returns (username, role label, scope) for each."""
    rows = []
    hashed = make_password(DEMO_PASSWORD)  # hash once: each hash costs ~0.7 s by design
    for username, role, street, community in demo_accounts():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, role=role, street=street, community=community, is_demo=True
            )
            user.password = hashed
            user.save()
        rows.append((username, user.get_role_display(), user.scope_label()))
    return rows
