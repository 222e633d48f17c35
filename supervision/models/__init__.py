"""Supervisors and their engagements, agreements and unit assignments (``team``); monthly
evaluations, their files and review trail, and the annual appraisal (``work``); the
district's yearly parameters (``team``). Import from ``supervision.models``."""

from .team import Agreement, Assignment, DistrictParameters, Engagement, Supervisor
from .work import AnnualAppraisal, EvaluationEvent, EvaluationFile, MonthlyEvaluation

__all__ = [
    "Agreement",
    "AnnualAppraisal",
    "Assignment",
    "DistrictParameters",
    "Engagement",
    "EvaluationEvent",
    "EvaluationFile",
    "MonthlyEvaluation",
    "Supervisor",
]
