"""School years and their sub-periods (pure functions, no query).

A school year starts on 1 September (2023 = 2023-2024). A yearly indicator has one period per school year; a
semester one two (September-January, February-August); a term one three (September-December, January-March,
April-August), the way schools count them.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

# First month of each sub-period, by number of sub-periods in the year.
STARTS = {1: (9,), 2: (9, 2), 3: (9, 1, 4)}


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def sub_period_of(day: datetime.date, count: int) -> int:
    """The sub-period (1…count) of its school year that ``day`` falls in."""
    months = STARTS[count]
    # months since September, 0…11, compared with each start's offset
    offset = (day.month - 9) % 12
    found = 1
    for number, month in enumerate(months, start=1):
        if (month - 9) % 12 <= offset:
            found = number
    return found


def period_of(day: datetime.date, count: int) -> tuple[int, int]:
    return school_year_of(day), sub_period_of(day, count)


def previous_period(school_year: int, sub_period: int, count: int) -> tuple[int, int]:
    if sub_period > 1:
        return school_year, sub_period - 1
    return school_year - 1, count


def period_label(school_year: int, sub_period: int, count: int) -> str:
    year = school_year_label(school_year)
    if count == 1:
        return year
    if count == 2:
        return _("%(y)s, semestre %(n)s") % {"y": year, "n": sub_period}
    return _("%(y)s, trimestre %(n)s") % {"y": year, "n": sub_period}
