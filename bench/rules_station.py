"""How long the rules take for one station: the DESIGN promise is "a few milliseconds".

Pure Python, no database: builds a realistic station snapshot (20 communities, a head, a
deputy, 3 social workers with a few years of post history each) and times every check a
unit page runs for it.
"""

import sys
import timeit
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shangcheng import rules

ON = date(2026, 11, 29)
PREMISES = rules.StationPremises(
    street_name="丁兰街道",
    name="杭州市上城区丁兰街道社会工作站",
    rooms=frozenset(rules.STATION_ROOMS),
    systems=frozenset(list(rules.STATION_SYSTEMS)[:4]),
    has_service_window=True,
    shows_service_list=False,
    displays=frozenset(rules.STATION_DISPLAYS),
    uses_logo=True,
    signage_on_wall=True,
)
POSTS = ["head", "deputy", "social_worker", "social_worker", "social_worker"]
HOLDERS = [rules.PostHolder(p, certified=True, full_time=True) for p in POSTS]
LEADERS = [
    rules.LeaderSource(p, municipal_talent=False, municipal_supervisor=i == 0)
    for i, p in enumerate(POSTS[:2])
]
HISTORY = [
    [
        rules.PostStint("丁兰站", p, True, date(2016 + i, 3, 1), date(2019 + i, 3, 1)),
        rules.PostStint("丁兰站", p, True, date(2019 + i, 3, 1), None),
    ]
    for i, p in enumerate(POSTS)
]


def one_station():
    findings = rules.check_station_premises(PREMISES)
    findings += rules.check_station_staffing(20, "self", HOLDERS)
    findings += rules.check_leader_sources("self", LEADERS)
    for stints in HISTORY:
        findings += rules.check_dedicated_posts(stints, ON, name="某人")
    for post, stints in zip(POSTS[:2], HISTORY[:2], strict=True):
        spans = [(s.start, s.end) for s in stints]
        years = rules.full_years(spans, ON)
        rules.tenure_benefit(post, "self", years, "qualified")
        rules.tenure_eligible_from(spans, ON)
    return findings


def main():
    runs = 2000
    best = min(timeit.repeat(one_station, number=runs, repeat=5)) / runs
    print(f"rules for one station: {best * 1e6:.0f} µs ({len(one_station())} findings)")


if __name__ == "__main__":
    main()
