"""People of the two streets (built with ``tests/factories.py``) and the unmask permission."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import CertificateFactory, PersonFactory, PostFactory


@pytest.fixture
def person(street, station):
    """A certified social worker on the street's roster, in post at its station since 2020."""
    p = PersonFactory(
        street=street,
        name="王小明",
        gender="female",  # the ID number's order code 102 is even
        id_number="33010219900307102X",
        mobile="13812345678",
    )
    CertificateFactory(person=p)
    PostFactory(person=p, unit=station)
    return p


@pytest.fixture
def other_person(other_street, other_station):
    p = PersonFactory(street=other_street, name="李其他")
    PostFactory(person=p, unit=other_station)
    return p


@pytest.fixture
def unmask_permission(db):
    return Permission.objects.get(
        codename="unmask_personal_data", content_type__app_label="accounts"
    )


@pytest.fixture
def unmasking_clerk(street_clerk, unmask_permission):
    street_clerk.user_permissions.add(unmask_permission)
    return street_clerk
