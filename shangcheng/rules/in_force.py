"""E0 (上民〔2022〕18号): the document is in force from 2022-09-01.

Nothing is judged as of an earlier date: a check asked for one is refused with a message; an
overlap or a gap lying wholly before it is no finding; no benefit is payable for a day
before it. Service before it still counts toward tenure (S6/S7).
"""

from __future__ import annotations

from datetime import date

from .i18n import _

IN_FORCE = date(2022, 9, 1)


def require_in_force(on: date) -> date:
    """``on`` itself when the document is in force that day; ValueError (a Chinese message
    naming both dates) before."""
    if on < IN_FORCE:
        raise ValueError(
            _(
                "{on} 早于政策施行日期 {start}（上民〔2022〕18号自 2022年9月1日起施行），不作核查"
            ).format(on=on.isoformat(), start=IN_FORCE.isoformat())
        )
    return on
