"""Factories of the projects app's records."""

import factory
from factory.django import DjangoModelFactory

from projects.models import CaseStudy, Project
from tests.factories import StationFactory


class ProjectFactory(DjangoModelFactory):
    """A project running from 2024, declared non-administrative (P3), of a station."""

    class Meta:
        model = Project

    unit = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"邻里守望计划{n}")
    category = "cluster"
    first_year = 2024
    declared_non_administrative = True


class CaseStudyFactory(DjangoModelFactory):
    class Meta:
        model = CaseStudy

    unit = factory.SubFactory(StationFactory)
    year = 2025
    title = factory.Sequence(lambda n: f"独居老人社区融入个案{n}")
