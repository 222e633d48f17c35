"""Months as the supervision app counts them: a month is named by its first day."""

from datetime import date, timedelta


def next_month(month: date) -> date:
    """The first day of the month after ``month``'s."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of ``month``'s month."""
    return next_month(month.replace(day=1)) - timedelta(days=1)


def last_month(on: date) -> date:
    """The first day of the month before ``on``'s."""
    return (on.replace(day=1) - timedelta(days=1)).replace(day=1)
