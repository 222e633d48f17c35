"""What an import would do: each valid row checked against the street and the rows before
it (``RowContext``, a fixed number of queries), and the plan of the whole file.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shangcheng import rules
from stations.models import Unit

from ..identity import holder_message
from ..masking import mask
from ..models import Certificate, Person, Post
from ..services import s4_refusal
from .checks import RowData, RowError
from .columns import HEADER, PERSON_KEYS, POSTS


@dataclass
class PlanRow:
    """A valid row and what applying it does."""

    data: RowData
    unit: Unit
    person: Person | None  # on the street's roster already; None: this file creates them
    changes: dict  # fields of an existing person that this row changes
    first_row: int | None  # an earlier row of the file for the same person
    add_certificate: bool
    add_post: bool

    @property
    def action(self) -> str:
        if self.person is None and self.first_row is None:
            return "create"
        if self.changes or self.add_certificate or self.add_post:
            return "update"
        return "unchanged"

    @property
    def masked_id_number(self) -> str:
        return mask(self.data.id_number)

    @property
    def post_label(self) -> str:
        return next(label for label, code in POSTS.items() if code == self.data.post)

    def stint(self) -> rules.PostStint:
        d = self.data
        mode = self.unit.mode if self.unit.is_station else None
        return rules.PostStint(str(self.unit.pk), d.post, d.full_time, d.start, mode=mode)


@dataclass
class RosterPlan:
    street: object
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    data_rows: int = 0

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def creates(self) -> int:
        return self.count("create")

    @property
    def updates(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


class RowContext:
    """Checks each row against the street and the rows before it; remembers the valid ones."""

    def __init__(self, *, units, people, own, posts, certificates, streets=None):
        self.streets = streets  # the streets whose rosters the user keeps (a queryset)
        self._kept_streets: set | None = None
        self.units = defaultdict(list)
        for unit in units:
            self.units[unit.name].append(unit)
        self.people, self.own, self.posts, self.certificates = people, own, posts, certificates
        self.seen: dict[str, PlanRow] = {}
        self.planned_posts = defaultdict(list)  # ID number → [(row, stint)]
        self.planned_certificates: dict[tuple, tuple] = {}  # (level, number) → (row, ID number)

    @classmethod
    def load(cls, rows: list[RowData], *, units, roster, streets=None) -> "RowContext":
        """Five queries: units, people, the roster's share of them, their posts, certificates
        (and, if someone is on another street's roster, one for the streets the user keeps)."""
        ids = {row.id_number for row in rows if row.id_number}
        # ID numbers are unique in the district: someone on another street's roster is found
        # here only to be refused, and nothing of them is shown unless the user keeps that
        # street's roster too (``staffing.identity``).
        found = Person.objects.filter(id_number__in=ids).select_related("street")
        people = {p.id_number: p for p in found}
        own = set(roster.filter(id_number__in=ids).values_list("pk", flat=True))
        posts = defaultdict(list)
        for post in Post.objects.filter(person__in=people.values()).select_related("unit"):
            posts[post.person_id].append(post)
        numbers = {row.cert_number for row in rows if row.cert_number}
        found = Certificate.objects.filter(number__in=numbers)
        found = found.values_list("level", "number", "person_id")
        certificates = {(level, number): person for level, number, person in found}
        return cls(
            units=units,
            people=people,
            own=own,
            posts=posts,
            certificates=certificates,
            streets=streets,
        )

    def check(self, row: RowData, *, remember=True) -> tuple[PlanRow | None, list[RowError]]:
        """``remember`` is off for a row whose cells are wrong: later rows do not build on it."""
        problems: list[tuple[str, str]] = []
        unit = self._unit(row, problems)
        person, changes, first_row = self._person(row, problems)
        add_certificate = self._certificate(row, person, problems)
        add_post = unit is not None and self._post(row, unit, person, problems)
        if problems or not remember:
            return None, [RowError(row.number, HEADER[key], message) for key, message in problems]
        plan = PlanRow(row, unit, person, changes, first_row, add_certificate, add_post)
        self.seen.setdefault(row.id_number, plan)
        if add_certificate:
            key = (row.cert_level, row.cert_number)
            self.planned_certificates[key] = (row.number, row.id_number)
        if add_post:
            self.planned_posts[row.id_number].append((row.number, plan.stint()))
        return plan, []

    def _unit(self, row, problems) -> Unit | None:
        matches = self.units.get(row.unit, [])
        if row.unit and not matches:
            problems.append(("unit", _("Does not belong to this street: no unit of this name.")))
        elif len(matches) > 1:
            problems.append(("unit", _("Two units of this street have this name.")))
        if len(matches) != 1:
            return None
        try:  # the post must exist at the unit's kind
            if row.post is not None:
                Post(unit=matches[0], post=row.post, start=row.start or date.min).clean()
        except ValidationError as e:
            problems.extend(("post", message) for message in e.messages)
            return None
        return matches[0]

    def _person(self, row, problems) -> tuple[Person | None, dict, int | None]:
        if (first := self.seen.get(row.id_number)) is not None:
            message = _("Differs from row %(row)s of the same ID number.")
            for key in PERSON_KEYS:
                if getattr(row, key) not in (None, "", getattr(first.data, key)):
                    problems.append((key, message % {"row": first.data.number}))
            return first.person, {}, first.data.number
        person = self.people.get(row.id_number)
        if person is not None and person.pk not in self.own:
            problems.append(("id_number", self._elsewhere(person)))
        if person is None or person.pk not in self.own:
            return None, {}, None
        fields = row.person_fields().items()
        changes = {k: v for k, v in fields if v not in (None, "") and getattr(person, k) != v}
        return person, changes, None

    def _elsewhere(self, holder: Person) -> str:
        """The person form's words for an ID number held on another street's roster."""
        if self._kept_streets is None:
            streets = self.streets.values_list("pk", flat=True) if self.streets else []
            self._kept_streets = set(streets)
        return holder_message(holder, reveal=holder.street_id in self._kept_streets)

    def _certificate(self, row, person, problems) -> bool:
        key = (row.cert_level, row.cert_number)
        owner = self.certificates.get(key)
        earlier_row, earlier_id = self.planned_certificates.get(key, (None, None))
        if row.cert_level is None or owner is not None or earlier_row is not None:
            if owner is not None and (person is None or owner != person.pk):
                problems.append(("cert_number", _("Recorded for another person already.")))
            elif earlier_row is not None and earlier_id != row.id_number:
                message = _("Row %(row)s has this certificate for another person.")
                problems.append(("cert_number", message % {"row": earlier_row}))
            return False
        return True

    def _post(self, row, unit, person, problems) -> bool:
        if row.post is None or row.start is None or row.full_time is None:
            return False
        held = self.posts.get(person.pk, []) if person is not None else []
        if any((p.unit_id, p.post, p.start) == (unit.pk, row.post, row.start) for p in held):
            return False  # already on record: importing the same file again changes nothing
        post = Post(
            person=Person(name=row.name),
            unit=unit,
            post=row.post,
            start=row.start,
            full_time=row.full_time,
        )
        mode = unit.mode if unit.is_station else None
        new = rules.PostStint(str(unit.pk), row.post, row.full_time, row.start, mode=mode)
        planned = self.planned_posts[row.id_number]
        if any(stint == new for __, stint in planned):
            return False
        refusal = s4_refusal(post, held)  # the words post_assign will use at apply time
        if refusal is not None:
            problems.append(refusal)
        rows = [n for n, stint in planned if rules.dedicated_post_conflicts([stint], new)]
        if rows:
            message = _("S4 (§4(3)) one person, one post: overlaps the post of row %(row)s.")
            problems.append(("start", message % {"row": rows[0]}))
        return refusal is None and not rows
