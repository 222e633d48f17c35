"""seed_demo: the real tree, every S1 tier, idempotent, refused without DEBUG."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from shangcheng import rules
from stations.models import Community, Recognition, School, Street, Unit


def _snapshot():
    return (
        Street.objects.count(),
        Community.objects.count(),
        Unit.objects.count(),
        Recognition.objects.count(),
        School.objects.count(),
        User.objects.count(),
        Unit.history.count(),
        sorted(Unit.objects.values_list("name", "rooms", "version")),
    )


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_loads_the_real_tree_and_is_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert Street.objects.count() == 14
    assert Community.objects.count() == 199
    assert Street.objects.get(pinyin="qingbo").name == "清波街道"
    tiers = {rules.required_social_workers(s.communities.count()) for s in Street.objects.all()}
    assert tiers == {3, 4, 5}
    assert Unit.objects.stations().count() == 14
    assert (
        User.objects.filter(
            username__in=["district", "auditor", "supervisor", "qingbo"], is_demo=True
        ).count()
        == 4
    )
    first = _snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert _snapshot() == first


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_seed_demo_is_refused_when_debug_is_off():
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
