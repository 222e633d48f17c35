"""Which records of the stations app a closed year locks (``stations.models.closing``).

Recognitions (T1/T3) are dated by their year and their revocation; lists, schools, special
stations and the units themselves are not bound to a year.
"""

from stations.models.closing import register, years_of

from .models import Recognition


def _recognition(r: Recognition):
    return [r.unit.street_id], years_of(r.year, r.revoked_on)


def register_all() -> None:
    register(Recognition, _recognition, endpoints=["revoked_on"])
