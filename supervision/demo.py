"""Demo supervisors, assignments, evaluations and appraisals (seeded from shangcheng/demo)."""

from datetime import date


def seed(*, as_of: date) -> dict:
    return {}
