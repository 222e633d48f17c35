"""factory_boy factories of the supervision app, on top of ``tests/factories.py``.

A supervisor is a person of a street's roster with an account of the supervisor role;
an assignment links them to a unit from 2022-01-01; an evaluation is a complete draft of a
past month (submit it through ``supervision.services`` to move it on).
"""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from supervision.models import (
    Agreement,
    AnnualAppraisal,
    Assignment,
    Engagement,
    EvaluationEvent,
    EvaluationFile,
    MonthlyEvaluation,
    Supervisor,
)
from tests.factories import PersonFactory, StationFactory, UserFactory


class SupervisorFactory(DjangoModelFactory):
    """A municipal local supervisor with a supervisor account; ``user=None`` for none."""

    class Meta:
        model = Supervisor

    person = factory.SubFactory(PersonFactory)
    user = factory.SubFactory(UserFactory, supervisor=True)
    type = "local"
    level = "municipal"


class AssignmentFactory(DjangoModelFactory):
    """The supervisor linked to a unit since 2022-01-01, open-ended."""

    class Meta:
        model = Assignment

    supervisor = factory.SubFactory(SupervisorFactory)
    unit = factory.SubFactory(StationFactory)
    start = date(2022, 1, 1)


class EvaluationFactory(DjangoModelFactory):
    """A complete draft evaluation of January 2024; the supervisor is linked to the unit
    unless the assignment is made separately (``assign=False``)."""

    class Meta:
        model = MonthlyEvaluation
        skip_postgeneration_save = True

    supervisor = factory.SubFactory(SupervisorFactory)
    unit = factory.SubFactory(StationFactory)
    month = date(2024, 1, 1)
    sessions = 2
    hours = Decimal("4.0")
    forms = factory.LazyFunction(lambda: ["individual", "onsite"])
    topics = "个案督导"
    unit_score = 85
    workers_score = 80

    @factory.post_generation
    def assign(evaluation, create, extracted, **kwargs):
        if create and extracted is not False:
            if not evaluation.supervisor.assignments.filter(unit=evaluation.unit).exists():
                AssignmentFactory(supervisor=evaluation.supervisor, unit=evaluation.unit)


class EvaluationEventFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationEvent

    evaluation = factory.SubFactory(EvaluationFactory)
    action = EvaluationEvent.Action.CREATE


SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class EvaluationFileFactory(DjangoModelFactory):
    """A small PDF attached to an evaluation, stored in ``MEDIA_ROOT`` (point it at a
    temporary directory with the ``settings`` fixture first)."""

    class Meta:
        model = EvaluationFile

    evaluation = factory.SubFactory(EvaluationFactory)
    file = factory.django.FileField(filename="record.pdf", data=SMALL_PDF)
    name = "督导记录.pdf"
    size = len(SMALL_PDF)


class EngagementFactory(DjangoModelFactory):
    """The supervisor engaged since 2022-01-01, open-ended (``end`` is the last day)."""

    class Meta:
        model = Engagement

    supervisor = factory.SubFactory(SupervisorFactory)
    start = date(2022, 1, 1)


class AgreementFactory(DjangoModelFactory):
    """A one-year agreement of an engagement, 2022-01-01 至 2022-12-31 (inclusive)."""

    class Meta:
        model = Agreement

    engagement = factory.SubFactory(EngagementFactory)
    start = date(2022, 1, 1)
    end = date(2022, 12, 31)


class AnnualAppraisalFactory(DjangoModelFactory):
    """A draft appraisal of 2024 without scores; ``status="final", grade=…`` for one of record."""

    class Meta:
        model = AnnualAppraisal

    supervisor = factory.SubFactory(SupervisorFactory)
    year = 2024
