"""Which staffing records a closed year locks (``stations.models.closing``): each is dated by
every date field it has, old and new values alike: a post started or left in a closed year
keeps its facts, but a post started then may still be ended later (``end`` is an endpoint).
People themselves are not bound to a year.
"""

from stations.models.closing import register, years_of

from .models import Attendance, Certificate, Post, Qualification, StaffAppraisal, TrainingEvent


def _post(p: Post):
    return [p.unit.street_id], years_of(p.start, p.end)


def _certificate(c: Certificate):
    return [c.person.street_id], years_of(c.issued_on, c.expires_on)


def _qualification(q: Qualification):
    return [q.person.street_id], years_of(q.year)


def _appraisal(a: StaffAppraisal):
    return [a.person.street_id], years_of(a.year)


def _training(t: TrainingEvent):
    return [t.street_id], years_of(t.held_on)  # a district event: only a district closure


def _attendance(a: Attendance):
    return [a.event.street_id, a.person.street_id], years_of(a.event.held_on)


def register_all() -> None:
    register(Post, _post, endpoints=["end"])
    register(Certificate, _certificate, endpoints=["expires_on"])
    register(Qualification, _qualification)
    register(StaffAppraisal, _appraisal)
    register(TrainingEvent, _training)
    register(Attendance, _attendance)
