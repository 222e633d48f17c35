"""The embedded demo (composition): each app's generator, in order, all as of one day.

``seed(as_of=…)`` loads the district's real tree with generated units (stations), the demo
accounts, the staff (staffing), then the supervisors and their work (supervision), then
projects and case studies (projects). Every recent date is counted back from ``as_of``,
so a demo seeded in 2030 looks as fresh as one seeded today; for one ``as_of`` the data are
the same on every machine, and a second run creates nothing. Only ``seed_demo`` calls this,
and only when ``settings.DEMO`` is on.
"""

from datetime import date

from django.db import transaction

from projects import demo as projects_demo
from shangcheng import findings
from staffing import demo as staffing_demo
from stations import demo as stations_demo
from supervision import demo as supervision_demo

from . import accounts

EARLIEST_AS_OF = staffing_demo.EARLIEST_AS_OF


@transaction.atomic
def seed(*, as_of: date) -> dict:
    """Create whatever demo data and accounts are missing; returns what was created, by
    part: ``stations`` (counts), ``accounts`` (username, role, scope of every demo
    account), ``staffing`` and ``supervision`` (counts)."""
    if as_of < EARLIEST_AS_OF:
        raise ValueError(f"as_of {as_of} is before {EARLIEST_AS_OF}, which the demo needs")
    with findings.suspended():  # refreshed once, street by street, at the end
        created = _seed(as_of)
    # Today's findings of every unit (the table pages read); the demo's dates are counted
    # back from ``as_of``, the findings are today's like those of every other write.
    created["findings"] = findings.refresh_all()
    return created


def _seed(as_of: date) -> dict:
    stations = stations_demo.seed(as_of=as_of)
    # After the tree (the clerks' scope) and before the staff, so that the refused S4
    # attempt is audited as the street clerk's.
    rows = accounts.seed_accounts()
    staff = staffing_demo.seed(as_of=as_of)
    # After the staff (its people join the same rosters) and the accounts (it links the
    # demo supervisor account).
    supervision = supervision_demo.seed(as_of=as_of)
    projects = projects_demo.seed(as_of=as_of)
    return {
        "stations": stations,
        "accounts": rows,
        "staffing": staff,
        "supervision": supervision,
        "projects": projects,
    }
