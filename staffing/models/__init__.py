"""People, their certificates, qualifications, posts and appraisals (``people``); training
and roster imports (``records``). Import from ``staffing.models``."""

from .people import (
    MOBILE_RE,
    PERSON_FIELDS,
    Certificate,
    CertificateQuerySet,
    Person,
    Post,
    PostQuerySet,
    Qualification,
    StaffAppraisal,
)
from .records import STUDY_VISIT, Attendance, RosterImport, TrainingEvent

__all__ = [
    "MOBILE_RE",
    "PERSON_FIELDS",
    "STUDY_VISIT",
    "Attendance",
    "Certificate",
    "CertificateQuerySet",
    "Person",
    "Post",
    "PostQuerySet",
    "Qualification",
    "RosterImport",
    "StaffAppraisal",
    "TrainingEvent",
]
