"""A unit's sub-records in each of the two streets: list items, special stations, schools
and a recognition."""

import pytest

from tests.factories import (
    ListItemFactory,
    RecognitionFactory,
    SchoolFactory,
    SpecialStationFactory,
)


@pytest.fixture
def item(station):
    return ListItemFactory(unit=station, list="needs", title="独居老人助餐")


@pytest.fixture
def other_item(other_station):
    return ListItemFactory(unit=other_station, list="needs", title="外街道需求")


@pytest.fixture
def special(station):
    return SpecialStationFactory(station=station, name="未成年人保护工作站", field="未保")


@pytest.fixture
def other_special(other_station):
    return SpecialStationFactory(station=other_station, name="司法工作站", field="司法")


@pytest.fixture
def school(street):
    return SchoolFactory(street=street, name="清波小学")


@pytest.fixture
def other_school(other_street):
    return SchoolFactory(street=other_street, name="湖滨小学")


@pytest.fixture
def recognition(station):
    return RecognitionFactory(unit=station, level="municipal", year=2023, title="示范站")
