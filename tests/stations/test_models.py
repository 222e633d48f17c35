"""The organisation tree's database constraints."""

import pytest
from django.db import IntegrityError, transaction

from stations.models import Recognition, Unit
from tests.factories import (
    ListItemFactory,
    RecognitionFactory,
    StationFactory,
    WorkroomFactory,
)


def test_a_street_has_at_most_one_station(station, street):
    with pytest.raises(IntegrityError), transaction.atomic():
        StationFactory(street=street)


def test_a_community_has_at_most_one_workroom(workroom, street):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkroomFactory(community=workroom.community)


def test_two_streets_each_have_a_station(station, other_station):
    assert Unit.objects.stations().count() == 2


def test_a_workroom_needs_a_community(street):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(kind="workroom", street=street, name="x")


def test_a_station_has_no_community(street):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            kind="station",
            street=street,
            community=street.communities.first(),
            name="x",
            mode="self",
        )


def test_a_station_needs_an_operating_mode(street):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(kind="station", street=street, name="x")


def test_workroom_community_must_belong_to_its_street(street, other_street):
    from django.core.exceptions import ValidationError

    unit = Unit(
        kind="workroom", street=street, community=other_street.communities.first(), name="x"
    )
    with pytest.raises(ValidationError) as exc:
        unit.clean()
    assert "community" in exc.value.message_dict


def test_recognition_standing_excludes_revoked_and_future(station):
    from datetime import date

    RecognitionFactory(unit=station, level="municipal", year=2022)
    RecognitionFactory(unit=station, level="provincial", year=2022, revoked_on=date(2023, 6, 30))
    RecognitionFactory(unit=station, level="municipal", year=2025)
    assert Recognition.objects.standing_on(date(2023, 12, 31)).count() == 1
    assert Recognition.objects.standing_on(date(2022, 12, 31)).count() == 2
    assert Recognition.objects.standing_on(date(2025, 12, 31)).count() == 2


def test_resource_list_item_shows_its_five_party_label(station):
    item = ListItemFactory(unit=station, list="resources", title="志愿者队伍", party="volunteers")
    assert item.get_party_display() == "社区志愿者"
