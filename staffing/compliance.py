"""Where the ORM meets the staffing rules: snapshots built with a fixed number of queries.

``staffing_summaries(units, on)`` answers, per unit, the S1 requirement, the staff it counts
and the findings S1–S5 (stations) or W1–W2 (workrooms), for any number of units in five
queries; pages read these numbers instead of recomputing them. ``tenure_rows(on)`` lists
heads and deputies with S6/S7.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch

from shangcheng import rules
from stations.models import Street

from .models import Certificate, Post, Qualification, StaffAppraisal

LEADER_POSTS = (rules.Post.HEAD, rules.Post.DEPUTY)


def _active_posts(units, on):
    """Posts held on ``on`` at ``units``, with each person's certificates and qualifications
    held that day and whole post history (for S4) prefetched: four queries whatever the
    number of people."""
    return (
        Post.objects.active_on(on)
        .filter(unit__in=units)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "person__certificates",
                Certificate.objects.valid_on(on),
                to_attr="valid_certificates",
            ),
            Prefetch(
                "person__qualifications",
                Qualification.objects.filter(year__lte=on.year),  # S5: held on the day
                to_attr="held_qualifications",
            ),
            Prefetch("person__posts", Post.objects.select_related("unit"), to_attr="all_posts"),
        )
    )


def _community_counts(units) -> dict[int, int]:
    street_ids = {u.street_id for u in units}
    return dict(
        Street.objects.filter(pk__in=street_ids)
        .annotate(n=Count("communities"))
        .values_list("pk", "n")
    )


@dataclass(frozen=True)
class StaffingSummary:
    """What the staffing rules say of one unit on a day."""

    required: int | None  # S1: certified full-time social workers a station needs
    counted: int | None  # S1: those it has; both None for a workroom
    findings: list[rules.Finding]


def _holders(posts) -> list[rules.PostHolder]:
    return [
        rules.PostHolder(
            p.post,
            bool(p.person.valid_certificates),
            p.full_time,
            name=p.person.name,
            office_director=p.office_director,
            contractor_lead=p.contractor_lead,
        )
        for p in posts
    ]


def _leader(post) -> rules.LeaderSource:
    held = post.person.held_qualifications
    return rules.LeaderSource(
        post=post.post,
        municipal_talent=any(q.kind == "leading_talent" and q.municipal_or_higher for q in held),
        municipal_supervisor=any(
            q.kind != "leading_talent" and q.municipal_or_higher for q in held
        ),
        name=post.person.name,
    )


def _station_findings(unit, posts, community_count, on) -> list[rules.Finding]:
    findings = rules.check_station_staffing(community_count, unit.mode, _holders(posts))
    leaders = [_leader(p) for p in posts if p.post in LEADER_POSTS]
    return findings + rules.check_leader_sources(unit.mode, leaders)


def _workroom_findings(posts, on) -> list[rules.Finding]:
    workers = [
        rules.WorkroomWorker(
            certified=bool(p.person.valid_certificates),
            full_time=p.full_time,
            community_work_years=p.person.community_work_years(on),
            social_work_degree=p.person.social_work_degree,
        )
        for p in posts
        if p.post == rules.Post.WORKROOM_SOCIAL_WORKER
    ]
    return rules.check_workroom_staffing(workers)


def _dedicated_findings(posts, on) -> list[rules.Finding]:
    """S4 over the whole post history of everyone in post here, each person once."""
    findings, seen = [], set()
    for p in posts:
        if p.person_id in seen:
            continue
        seen.add(p.person_id)
        stints = [q.stint() for q in p.person.all_posts]
        findings += rules.check_dedicated_posts(stints, on, name=p.person.name)
    return findings


def staffing_summaries(units, on: date) -> dict[int, StaffingSummary]:
    """``StaffingSummary`` per unit id, for any number of units, in a fixed query count."""
    units = list(units)
    by_unit = defaultdict(list)
    for post in _active_posts(units, on):
        by_unit[post.unit_id].append(post)
    counts = _community_counts(units)
    result = {}
    for unit in units:
        posts = by_unit[unit.pk]
        if unit.is_station:
            communities = counts[unit.street_id]
            result[unit.pk] = StaffingSummary(
                required=rules.required_social_workers(communities),
                counted=rules.counted_social_workers(unit.mode, _holders(posts)),
                findings=_station_findings(unit, posts, communities, on)
                + _dedicated_findings(posts, on),
            )
        else:
            findings = _workroom_findings(posts, on) + _dedicated_findings(posts, on)
            result[unit.pk] = StaffingSummary(required=None, counted=None, findings=findings)
    return result


def staffing_findings(units, on: date) -> dict[int, list[rules.Finding]]:
    """Findings S1–S5 / W1–W2 per unit id (what ``shangcheng.compliance`` gathers)."""
    return {pk: s.findings for pk, s in staffing_summaries(units, on).items()}


@dataclass(frozen=True)
class TenureRow:
    """One head or deputy and what S6/S7 say of them on a day (``rules.tenure_status``)."""

    post: Post
    status: rules.TenureStatus

    @property
    def benefit_label(self):
        return rules.Benefit(self.status.benefit).label if self.status.benefit else ""

    @property
    def grade_label(self):
        return rules.Grade(self.status.grade).label if self.status.grade else ""


def tenure_rows(on: date, units=None) -> list[TenureRow]:
    """Every head and deputy in post on ``on`` with tenure, the deciding appraisal (the year
    before ``on``), the benefit and from when it is payable, or what is missing."""
    posts = Post.objects.active_on(on).filter(post__in=LEADER_POSTS, unit__kind="station")
    if units is not None:
        posts = posts.filter(unit__in=units)
    posts = list(
        posts.select_related("person", "unit__street").order_by("unit__street__code", "post")
    )
    person_ids = {p.person_id for p in posts}
    stints = defaultdict(list)
    history = Post.objects.filter(person_id__in=person_ids, post__in=LEADER_POSTS)
    for q in history.select_related("unit"):
        # S6 counts only time as head of a self-operated station: each stint carries its mode.
        stints[(q.person_id, q.post)].append((q.start, q.end, q.unit.mode))
    grades = defaultdict(dict)
    # tenure_status picks the deciding year (the year before ``on``, or before the day three
    # years are reached), so every year on record is passed.
    for a in StaffAppraisal.objects.filter(person_id__in=person_ids):
        grades[a.person_id][a.year] = a.grade
    return [
        TenureRow(
            post=p,
            status=rules.tenure_status(
                p.post, p.unit.mode, stints[(p.person_id, p.post)], grades[p.person_id], on
            ),
        )
        for p in posts
    ]
