"""Supervisors of the supervision tests (built with ``tests/supervision/factories.py``)."""

import pytest

from tests.supervision.factories import AssignmentFactory, SupervisorFactory


@pytest.fixture
def supervisor_profile(supervisor, street):
    """The ``supervisor`` persona's supervisor record (a person of 清波街道's roster)."""
    return SupervisorFactory(user=supervisor, person__street=street, person__name="督导甲")


@pytest.fixture
def other_supervisor_profile(street):
    return SupervisorFactory(person__street=street, person__name="督导乙")


@pytest.fixture
def assigned_station(supervisor_profile, station):
    """清波街道's station, assigned to the supervisor since 2022-01-01."""
    AssignmentFactory(supervisor=supervisor_profile, unit=station)
    return station
