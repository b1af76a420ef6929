"""One meeting as an iCalendar event (RFC 5545), built with the ``icalendar`` library."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

from reviews.models import Meeting

PARIS = ZoneInfo("Europe/Paris")


def meeting_ics(meeting: Meeting) -> bytes:
    """DTSTART/DTEND in Europe/Paris (TZID, with its VTIMEZONE), a stable UID and the DTSTAMP of the download."""
    calendar = Calendar()
    calendar.add("prodid", "-//Qualivie//Bilan annuel//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(PARIS))
    event.add("dtend", meeting.ends_at.astimezone(PARIS))
    event.add("summary", f"{meeting.get_kind_display()} — {meeting.title}")
    event.add("location", meeting.place)
    event.add("description", meeting.review.title)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
