"""The plan as an iCalendar (.ics) file that common calendar programs import (pure, no Qt, no SQL).

**Follow-ups are VEVENTs, not VTODOs.** A follow-up is due at a precise moment (the send slot,
08:30 employer-local by default), which is what an event expresses. VTODO would be the textbook
fit for "something to do", but the calendars people actually use treat it badly: Google Calendar
drops VTODOs from an imported file without a word, Outlook imports only events, and Apple routes
them to Reminders where the time of day is easy to lose. So each pending follow-up is a short
(15 minute) *transparent* event, which shows in the day without marking the user busy, with a
display alarm at the due time. Interviews are ordinary (busy) events with an alarm 30 minutes
before.

**Re-export updates, never duplicates.** Every component's UID is derived from the record's id
(``<follow-up id>@followup-desktop``, ``<interview id>@interviews.followup-desktop``), so a
calendar program that imports the file again replaces the events it already has. ``SEQUENCE``
grows with the export time (minutes since 2020), so programs that compare revisions take the newer
one. Items that are no longer pending (done, skipped, cancelled) are left out of the file; a
calendar that imported them earlier keeps them until they are deleted there.

**Time zones.** Each event starts in the zone that owns it (the employer zone of a follow-up, the
interview's zone), written with its TZID; a VTIMEZONE for every zone used is included, covering
the years of the file, so programs without a zone database still place the events correctly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, Timezone

from followup_desktop.core.model import (
    NON_MESSAGE_KINDS,
    PENDING_STATUSES,
    Application,
    Company,
    Contact,
    FollowUp,
    Interview,
)
from followup_desktop.core.when_text import KIND_WORDS

PRODID = "-//Follow-up Desktop//Follow-up Desktop calendar export//EN"
CALENDAR_NAME = "Follow-up Desktop"
FOLLOWUP_UID = "{}@followup-desktop"
INTERVIEW_UID = "{}@interviews.followup-desktop"
FOLLOWUP_MINUTES = 15
DEFAULT_INTERVIEW_MINUTES = 60
INTERVIEW_ALARM = timedelta(minutes=-30)
FOLLOWUP_ALARM = timedelta(0)
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)

KIND_TITLES = KIND_WORDS  # the words the app shows for each kind (core/when_text.py)


@dataclass(frozen=True)
class CalendarData:
    """Everything an export needs, already read from the store."""

    profile_zone: str
    followups: list[FollowUp]
    interviews: list[Interview]
    applications: Mapping[str, Application]
    companies: Mapping[str, Company]
    contacts: Mapping[str, Contact]


def _zone(*names: str | None) -> ZoneInfo:
    """The first loadable zone among ``names`` (UTC if none is)."""
    for name in names:
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return ZoneInfo("UTC")


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    """``instant`` in ``zone``; UTC stays UTC so that it is written with a ``Z``."""
    aware = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return aware.astimezone(zone).replace(microsecond=0)


def kind_title(kind: object) -> str:
    return KIND_TITLES.get(str(kind), str(kind).replace("_", " ").capitalize())


def sequence(now: datetime) -> int:
    """A revision number that grows with each export (minutes since 2020)."""
    return max(0, int((now - _SEQUENCE_EPOCH).total_seconds() // 60))


def _person_line(contact: Contact) -> str:
    parts = [contact.name + (f", {contact.title}" if contact.title else "")]
    parts += [value for value in (contact.email, contact.phone, contact.linkedin) if value]
    return " — ".join(parts)


def _alarm(text: str, trigger: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


class _Builder:
    def __init__(self, data: CalendarData, now: datetime) -> None:
        self.data = data
        self.now = now.astimezone(UTC).replace(microsecond=0)
        self.sequence = sequence(self.now)
        self.days: list[date] = []

    def company_of(self, application_id: str) -> tuple[Application | None, Company | None]:
        app = self.data.applications.get(application_id)
        company = self.data.companies.get(app.company) if app else None
        return app, company

    def common(self, event: Event, uid: str, start: datetime, minutes: int) -> None:
        event.add("uid", uid)
        event.add("dtstamp", self.now)
        event.add("sequence", self.sequence)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=minutes))
        event.add("class", "PRIVATE")
        self.days.append(start.date())

    def followup(self, f: FollowUp) -> Event:
        app, company = self.company_of(f.application)
        company_name = company.name if company else f.application
        contact = self.data.contacts.get(f.contact) if f.contact else None
        title = kind_title(f.kind)
        if f.kind in NON_MESSAGE_KINDS or contact is None:
            summary = f"{title} — {company_name}"
        else:
            summary = f"{title} to {contact.name} — {company_name}"
        zone = _zone(f.timezone, company.timezone if company else None, self.data.profile_zone)
        event = Event()
        self.common(event, FOLLOWUP_UID.format(f.id), _local(f.due, zone), FOLLOWUP_MINUTES)
        event.add("summary", summary)
        lines = [f"{company_name} — {app.role}" if app and app.role else company_name]
        lines.append(f"Why now: {f.reason}" if f.reason else "Planned by Follow-up Desktop.")
        if contact is not None:
            lines.append(f"Contact: {_person_line(contact)}")
        lines.append(f"Channel: {str(f.channel).replace('_', ' ')}")
        if f.manual:
            lines.append("Moved by you: the plan keeps this time when it is recomputed.")
        lines.append("Open Follow-up Desktop to draft and send it, then mark it done.")
        event.add("description", "\n".join(lines))
        event.add("categories", ["Follow-up", title])
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add_component(_alarm(summary, FOLLOWUP_ALARM))
        return event

    def interview(self, iv: Interview) -> Event:
        app, company = self.company_of(iv.application)
        company_name = company.name if company else iv.application
        zone = _zone(iv.timezone, company.timezone if company else None, self.data.profile_zone)
        minutes = iv.duration_minutes or DEFAULT_INTERVIEW_MINUTES
        what = f"{str(iv.format).replace('_', ' ')} interview" if iv.format else "Interview"
        role = f" ({app.role})" if app and app.role else ""
        summary = f"{what[0].upper()}{what[1:]} — {company_name}{role}"
        event = Event()
        self.common(event, INTERVIEW_UID.format(iv.id), _local(iv.starts_at, zone), minutes)
        event.add("summary", summary)
        lines = [f"{company_name} — {app.role}" if app and app.role else company_name]
        if iv.round:
            lines.append(f"Round {iv.round}")
        if not iv.duration_minutes:
            lines.append(f"Length not recorded; shown as {DEFAULT_INTERVIEW_MINUTES} minutes.")
        people = [self.data.contacts.get(c) for c in iv.interviewers]
        named = [p for p in people if p is not None]
        if named:
            lines.append("Interviewers:")
            lines += [f"- {_person_line(p)}" for p in named]
        if iv.notes.next_steps.strip():
            lines.append(f"Next steps: {iv.notes.next_steps.strip()}")
        event.add("description", "\n".join(lines))
        event.add("categories", ["Interview"])
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add_component(_alarm(summary, INTERVIEW_ALARM))
        return event


def build_calendar(data: CalendarData, now: datetime) -> Calendar:
    """Pending follow-ups and every interview as one calendar (with its VTIMEZONEs)."""
    builder = _Builder(data, now)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    pending = [f for f in data.followups if f.status in PENDING_STATUSES]
    events = [builder.interview(iv) for iv in data.interviews]
    events += [builder.followup(f) for f in pending]
    if builder.days:
        first, last = min(builder.days), max(builder.days)
        for tzid in sorted({str(e["dtstart"].params.get("TZID") or "") for e in events} - {""}):
            # sorted, so that the same data always gives the same file
            cal.add_component(
                Timezone.from_tzid(
                    tzid, first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1)
                )
            )
    for event in sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))):
        cal.add_component(event)
    return cal


def to_ics(data: CalendarData, now: datetime) -> bytes:
    """The calendar as RFC 5545 bytes (CRLF line ends, folded lines, UTF-8)."""
    ical: bytes = build_calendar(data, now).to_ical()  # icalendar leaves to_ical unannotated
    return ical


def uids(followups: Iterable[FollowUp], interviews: Iterable[Interview]) -> set[str]:
    """The UIDs an export of these records carries (for tests and round trips)."""
    found = {FOLLOWUP_UID.format(f.id) for f in followups if f.status in PENDING_STATUSES}
    return found | {INTERVIEW_UID.format(iv.id) for iv in interviews}
