"""People with valid ID numbers (GB 11643 check digit), posts and certificates."""

from datetime import date
from itertools import count

import pytest
from django.contrib.auth.models import Permission

from staffing.models import Certificate, Person, Post, StaffAppraisal
from staffing.validators import id_check_char

_seq = count(1)


def valid_id_number(seq: int, birth: str = "19900101", region: str = "330102") -> str:
    first17 = f"{region}{birth}{seq % 1000:03d}"
    return first17 + id_check_char(first17)


def make_person(street, name=None, **fields):
    n = next(_seq)
    # A new birth date every thousand people keeps the numbers unique.
    birth = date(1980 + n // 1000 % 40, 1, 1).strftime("%Y%m%d")
    defaults = {
        "name": name or f"人员{n}",
        "gender": "female" if n % 2 else "male",
        "id_number": valid_id_number(n, birth=birth),
        "mobile": f"139{n:08d}",
    }
    return Person.objects.create(street=street, **{**defaults, **fields})


def make_post(person, unit, post="social_worker", start=date(2020, 1, 1), **fields):
    return Post.objects.create(person=person, unit=unit, post=post, start=start, **fields)


def certify(person, issued_on=date(2019, 1, 1), **fields):
    defaults = {"level": "assistant", "number": f"ZS{person.pk:08d}{next(_seq)}"}
    return Certificate.objects.create(person=person, issued_on=issued_on, **{**defaults, **fields})


def appraise(person, year, grade="qualified"):
    return StaffAppraisal.objects.create(person=person, year=year, grade=grade)


@pytest.fixture
def person(street, station):
    """A certified social worker on the street's roster, in post at its station."""
    p = make_person(street, name="王小明", id_number="33010219900307102X", mobile="13812345678")
    certify(p)
    make_post(p, station)
    return p


@pytest.fixture
def other_person(other_street, other_station):
    p = make_person(other_street, name="李其他")
    make_post(p, other_station)
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
