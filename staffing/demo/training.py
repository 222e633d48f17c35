"""Training of the staff demo: the district's events (TR2), each street's own, attendance.

Events are held every year since 2022 up to the day the demo is seeded as of, never later.
"""

from datetime import date

from ..models import STUDY_VISIT, Attendance, TrainingEvent
from .people import Roster, day_between

STREET_TRAININGS = {
    "pre_job": "新入职社工岗前培训",
    "supervision": "社工督导能力提升培训",
    "continuing": "持证社工继续教育",
    "practice": "社会工作实务技能培训",
    "policy_law": "社会救助政策法规培训",
}


def district_events(years: range, as_of: date) -> tuple[list[TrainingEvent], int]:
    """TR2: the district's practice training and study visit of every year (shared by all
    streets); returns the events and how many were created."""
    events, created = [], 0
    for year in years:
        for kind, title, held in (
            ("practice", f"{year}年上城区社会工作实务集中培训", date(year, 4, 18)),
            (STUDY_VISIT, f"{year}年上城区社会工作站（室）建设外出参观见习", date(year, 10, 16)),
        ):
            if held > as_of:
                continue
            event, new = TrainingEvent.objects.get_or_create(
                title=title, held_on=held, defaults={"kind": kind, "level": "district"}
            )
            events.append(event)
            created += new
    return events, created


def street_events(roster: Roster) -> list[TrainingEvent]:
    """One or two of the street's own trainings a year, unsaved."""
    rng, cal, events = roster.rng, roster.cal, []
    for year in cal.training_years:
        for kind in rng.sample(sorted(STREET_TRAININGS), rng.randint(1, 2)):
            held = day_between(rng, date(year, 3, 1), date(year, 10, 31))
            if held > cal.as_of:
                continue
            title = f"{roster.street.name}{year}年{STREET_TRAININGS[kind]}"
            events.append(
                TrainingEvent(
                    title=title, kind=kind, level="street", held_on=held, street=roster.street
                )
            )
    return events


def attendance(roster: Roster, district: list, street: list) -> list[Attendance]:
    rng, rows = roster.rng, []
    for event in district + street:
        for member in roster.members:
            if not member.in_post(event.held_on):
                continue
            at_station = any(p.unit.is_station for p in member.posts)
            share = 0.35 if event.street_id else 0.1
            if event.kind == STUDY_VISIT:
                share = 0.04 if not at_station else 0.6
            elif not event.street_id and at_station:
                share = 1
            if rng.random() < share:
                rows.append(Attendance(event=event, person=member.person))
    return rows
