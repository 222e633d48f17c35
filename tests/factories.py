"""factory_boy factories: the organisation tree, people and their posts, the accounts of
every persona and a unit's sub-records.

Faker speaks zh_CN and is reseeded before every test (``tests/conftest.py``), so a test gets
the same names whichever tests ran before it. What must be unique (division codes, pinyin,
ID numbers, certificate numbers, usernames) comes from sequences, never from chance. Every
factory saves its record once: a second save would bump a ``version`` and add a history row.
"""

from datetime import date, timedelta

import factory
import factory.random
from factory.django import DjangoModelFactory, Password

from accounts.models import User
from staffing.models import (
    Certificate,
    Person,
    Post,
    Qualification,
    RosterImport,
    StaffAppraisal,
)
from staffing.validators import id_check_char
from stations.models import Community, ListItem, Recognition, School, SpecialStation, Street, Unit

LOCALE = "zh_CN"
SEED = 2022
PASSWORD = "Pw-test-123"


def reseed() -> None:
    """Reseed Faker and factory_boy's random generator: the same data in every test."""
    factory.random.reseed_random(SEED)


def fake(provider: str, **kwargs) -> factory.Faker:
    return factory.Faker(provider, locale=LOCALE, **kwargs)


def resident_id(seq: int, *, male: bool = False, region: str = "330102") -> str:
    """A valid GB 11643 resident ID number, one per ``seq``: the birth date moves on a day
    every 500 numbers and the order code is odd for men."""
    birth = date(1975, 1, 1) + timedelta(days=seq // 500)
    first17 = f"{region}{birth:%Y%m%d}{(seq % 500) * 2 + male:03d}"
    return first17 + id_check_char(first17)


# The organisation tree


class StreetFactory(DjangoModelFactory):
    """A street with ``communities`` communities (3 unless told), 第1社区, 第2社区, …"""

    class Meta:
        model = Street
        skip_postgeneration_save = True

    class Params:
        place = fake("city_name")

    # 33019xxxx: no real division, so never one a test names (清波街道 is 330102001).
    code = factory.Sequence(lambda n: f"33019{n % 10000:04d}")
    name = factory.LazyAttribute(lambda o: f"{o.place}街道")
    pinyin = factory.Sequence(lambda n: f"street{n}")

    @factory.post_generation
    def communities(street, create, count, **kwargs):
        if not create:
            return
        for i in range(3 if count is None else count):
            CommunityFactory(
                street=street, code=f"{street.code}{100 + i:03d}", name=f"第{i + 1}社区"
            )


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Community

    class Params:
        place = fake("street_name")

    street = factory.SubFactory(StreetFactory, communities=0)
    # 500–999: clear of the 100, 101, … that StreetFactory gives its own communities.
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.street.code}{500 + n % 500:03d}")
    name = factory.LazyAttribute(lambda o: f"{o.place}社区")


class StationFactory(DjangoModelFactory):
    """A street's station, named as F5 requires, run by the street itself."""

    class Meta:
        model = Unit

    kind = Unit.Kind.STATION
    street = factory.SubFactory(StreetFactory)
    name = factory.LazyAttribute(lambda o: f"杭州市上城区{o.street.name}社会工作站")
    mode = "self"


class WorkroomFactory(DjangoModelFactory):
    """A community's workroom, named with its feature (暖心) as F8 requires."""

    class Meta:
        model = Unit

    kind = Unit.Kind.WORKROOM
    community = factory.SubFactory(CommunityFactory)
    street = factory.SelfAttribute("community.street")
    name = factory.LazyAttribute(
        lambda o: f"上城区{o.community.street.name}{o.community.name}暖心社会工作室"
    )


# A unit's sub-records


class ListItemFactory(DjangoModelFactory):
    """A line of one of a unit's three lists (L1); ``resource=True`` for a tagged resource."""

    class Meta:
        model = ListItem

    class Params:
        resource = factory.Trait(list=ListItem.List.RESOURCES, party="volunteers")

    unit = factory.SubFactory(StationFactory)
    list = ListItem.List.NEEDS
    title = fake("sentence", nb_words=3)


class SpecialStationFactory(DjangoModelFactory):
    class Meta:
        model = SpecialStation

    station = factory.SubFactory(StationFactory)
    field = fake("random_element", elements=["未成年人保护", "司法", "禁毒", "养老"])
    name = factory.LazyAttribute(lambda o: f"{o.field}工作站")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"第{n}小学")

    @factory.post_generation
    def served_by(school, create, units, **kwargs):
        if create and units:
            school.served_by.set(units)


class RecognitionFactory(DjangoModelFactory):
    class Meta:
        model = Recognition

    unit = factory.SubFactory(StationFactory)
    level = Recognition.Level.MUNICIPAL
    year = 2023


# People


class PersonFactory(DjangoModelFactory):
    """A person on a street's roster: a valid, unique ID number that agrees with the gender,
    a mainland mobile; no birth date or community-work date unless given."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    street = factory.SubFactory(StreetFactory)
    gender = fake("random_element", elements=[Person.Gender.FEMALE, Person.Gender.MALE])
    name = factory.Maybe(
        factory.LazyAttribute(lambda o: o.gender == Person.Gender.MALE),
        yes_declaration=fake("name_male"),
        no_declaration=fake("name_female"),
    )
    id_number = factory.LazyAttributeSequence(
        lambda o, n: resident_id(n, male=o.gender == Person.Gender.MALE)
    )
    mobile = fake("phone_number")


class PostFactory(DjangoModelFactory):
    """A post since 2020-01-01, the social-worker post of the unit's kind unless told."""

    class Meta:
        model = Post

    unit = factory.SubFactory(StationFactory)
    person = factory.SubFactory(PersonFactory, street=factory.SelfAttribute("..unit.street"))
    post = factory.LazyAttribute(
        lambda o: "social_worker" if o.unit.is_station else "workroom_social_worker"
    )
    start = date(2020, 1, 1)


class CertificateFactory(DjangoModelFactory):
    """An assistant social worker certificate issued on 2019-01-01."""

    class Meta:
        model = Certificate

    person = factory.SubFactory(PersonFactory)
    level = Certificate.Level.ASSISTANT
    number = factory.Sequence(lambda n: f"ZS{n:08d}")
    issued_on = date(2019, 1, 1)


class QualificationFactory(DjangoModelFactory):
    class Meta:
        model = Qualification

    person = factory.SubFactory(PersonFactory)
    kind = Qualification.Kind.SUPERVISOR
    level = "municipal"
    year = 2022


class AppraisalFactory(DjangoModelFactory):
    class Meta:
        model = StaffAppraisal

    person = factory.SubFactory(PersonFactory)
    year = 2023
    grade = "qualified"


# Accounts


class UserFactory(DjangoModelFactory):
    """A user with the password ``Pw-test-123``; a district user unless a persona is named:
    ``UserFactory(street_clerk=True, street=street)``."""

    class Meta:
        model = User

    class Params:
        district = factory.Trait(role=User.Role.DISTRICT)
        auditor = factory.Trait(role=User.Role.AUDITOR)
        supervisor = factory.Trait(role=User.Role.SUPERVISOR)
        street_clerk = factory.Trait(
            role=User.Role.STREET, street=factory.SubFactory(StreetFactory)
        )
        community_user = factory.Trait(
            role=User.Role.COMMUNITY, community=factory.SubFactory(CommunityFactory)
        )
        # The deployment's system administrator holds no business role (三员 separation).
        system_admin = factory.Trait(role="", is_staff=True, is_superuser=True)

    username = factory.Sequence(lambda n: f"user{n}")
    password = Password(PASSWORD)
    role = User.Role.DISTRICT


class RosterImportFactory(DjangoModelFactory):
    """A previewed roster upload by a clerk of the street."""

    class Meta:
        model = RosterImport

    street = factory.SubFactory(StreetFactory)
    uploaded_by = factory.SubFactory(
        UserFactory, street_clerk=True, street=factory.SelfAttribute("..street")
    )
    file_name = "名册.xlsx"
    content = b"PK"
