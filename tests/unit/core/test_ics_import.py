"""Reading invitations shaped like those Google Calendar, Outlook/Exchange and Zoom send."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.ics_export import CalendarData, to_ics
from followup_desktop.core.ics_import import InviteError, parse_invite, resolve_zone, same_rules
from followup_desktop.core.model import Application, Company, Contact, Interview, InterviewFormat

INVITES = Path(__file__).resolve().parents[2] / "fixtures" / "invites"


def read(name: str):
    return parse_invite((INVITES / name).read_bytes(), name)


# name, start (UTC), zone, minutes, people (organizer first), format, source
CASES = [
    (
        "outlook_exchange.ics",
        datetime(2026, 12, 3, 15, 0, tzinfo=UTC),  # 10:00 Eastern Standard Time
        "America/New_York",
        75,
        [
            "priya@acme.example",
            "alex.morgan@example.org",
            "Dana@ACME.example",
            "kofi.mensah@acme.example",
        ],
        InterviewFormat.VIDEO,  # a Teams link
        "Outlook/Exchange",
    ),
    (
        "outlook_display_name_zone.ics",
        datetime(2026, 12, 2, 10, 0, tzinfo=UTC),  # 11:00 CET
        "Europe/Amsterdam",  # the first city of "(UTC+01:00) Amsterdam, Berlin, ..."
        60,
        ["lea@northwind.example", "jonas@northwind.example", "alex.morgan@example.org"],
        InterviewFormat.IN_PERSON,
        "Outlook/Exchange",
    ),
    (
        "google_calendar.ics",
        datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
        None,  # Google sends UTC
        45,
        ["sam@lumen.example", "alex.morgan@example.org", "grace.okafor@lumen.example"],
        InterviewFormat.VIDEO,
        "Google Calendar",
    ),
    (
        "google_calendar_vtimezone.ics",
        datetime(2026, 12, 7, 13, 30, tzinfo=UTC),
        "Europe/Paris",
        60,
        ["nadia@orbital.example", "alex.morgan@example.org", "theo.lambert@orbital.example"],
        InterviewFormat.FINAL_ROUND,
        "Google Calendar",
    ),
    (
        "zoom_meeting.ics",
        datetime(2026, 12, 4, 0, 0, tzinfo=UTC),  # 09:00 Tokyo
        "Asia/Tokyo",
        60,
        ["haruto@sakura.example", "yui@sakura.example", "alex.morgan@example.org"],
        InterviewFormat.VIDEO,
        "Zoom",
    ),
]


@pytest.mark.parametrize(("name", "start", "zone", "minutes", "people", "kind", "source"), CASES)
def test_each_invitation_is_read(name, start, zone, minutes, people, kind, source):
    invite = read(name)
    assert invite.start == start
    assert invite.start.tzinfo is not None and not invite.floating
    assert invite.zone == zone
    if zone:
        assert invite.start.tzinfo == ZoneInfo(zone)  # shown in the sender's zone
    assert invite.duration_minutes == minutes
    assert [p.email for p in invite.people] == people  # rooms and resources left out
    assert invite.people[0].organizer
    assert invite.suggested_format() == kind
    assert invite.source == source
    assert invite.method == "REQUEST"
    assert invite.uid and invite.summary


def test_outlook_details_names_and_windows_zone_note():
    invite = read("outlook_exchange.ics")
    assert invite.summary == "Interview: Backend Engineer (round 2) - Acme Corp"
    assert [p.name for p in invite.people] == [
        "Priya Natarajan",
        "Alex Morgan",
        "Dana Lee",
        "Kofi Mensah",
    ]
    assert invite.people[-1].optional
    assert invite.uid.startswith("040000008200E00074C5B7101A82E008")  # unfolded
    assert invite.video_link.startswith("https://teams.microsoft.com/")
    assert invite.notes == ("Windows time zone “Eastern Standard Time” read as America/New_York.",)


def test_zoom_link_and_google_meet_link_are_found():
    assert read("zoom_meeting.ics").video_link.startswith("https://us06web.zoom.us/j/845")
    assert read("google_calendar.ics").video_link == "https://meet.google.com/xyz-abcd-efg"
    assert read("google_calendar.ics").people[1].name == ""  # CN was the address itself


def test_an_all_day_event_is_a_wall_time_to_place():
    invite = read("all_day.ics")
    assert invite.all_day and invite.floating
    assert invite.start == datetime(2026, 12, 9, 9, 0)  # naive: the zone is chosen on import
    assert invite.duration_minutes is None
    assert invite.suggested_format() == InterviewFormat.IN_PERSON
    assert "All-day event" in invite.notes[0]


def invite_text(*event_lines: str, method: str = "REQUEST", extra: str = "") -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//EN",
        f"METHOD:{method}",
        extra,
        "BEGIN:VEVENT",
        "UID:test-1",
        "DTSTAMP:20261120T000000Z",
        "SUMMARY:Call with Pat",
        *event_lines,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return (
        "\r\n".join(line for line in lines if line is not None).replace("\r\n\r\n", "\r\n").encode()
    )


def test_a_windows_zone_without_vtimezone_is_still_read():
    invite = parse_invite(invite_text("DTSTART;TZID=W. Europe Standard Time:20261202T110000"))
    assert invite.zone == "Europe/Berlin"
    assert invite.start == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_a_globally_unique_tzid_is_read_without_a_warning():
    tzid = "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"
    invite = parse_invite(invite_text(f"DTSTART;TZID={tzid}:20261202T110000"))
    assert invite.zone == "Europe/Berlin"
    assert invite.start == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_a_floating_time_and_a_duration():
    invite = parse_invite(invite_text("DTSTART:20261202T110000", "DURATION:PT30M"))
    assert invite.floating and invite.zone is None
    assert invite.start == datetime(2026, 12, 2, 11, 0)
    assert invite.duration_minutes == 30
    assert invite.suggested_format() == InterviewFormat.PHONE  # "Call with Pat"


def test_outlook_all_day_flag_with_midnight_times():
    invite = parse_invite(
        invite_text(
            "DTSTART;TZID=Eastern Standard Time:20261209T000000",
            "DTEND;TZID=Eastern Standard Time:20261210T000000",
            "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
        )
    )
    assert invite.all_day and invite.start == datetime(2026, 12, 9, 9, 0)


def test_a_moved_occurrence_does_not_hide_the_meeting():
    data = invite_text(
        "DTSTART:20261202T150000Z",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:test-1",
        "DTSTAMP:20261120T000000Z",
        "RECURRENCE-ID:20261209T150000Z",
        "DTSTART:20261210T150000Z",
    )
    invite = parse_invite(data)
    assert invite.start == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (invite_text("DTSTART:20261202T150000Z", method="CANCEL"), "cancels a meeting"),
        (invite_text("DTSTART:20261202T150000Z", method="REPLY"), "is a reply"),
        (invite_text("DTSTART:20261202T150000Z", "STATUS:CANCELLED"), "cancels a meeting"),
        (invite_text("LOCATION:nowhere"), "without a start time"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "has no event"),
        (b"this is not a calendar", "not a readable iCalendar file"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * 2_100_000, "too large"),
    ],
)
def test_what_is_not_an_invitation_is_refused_in_one_sentence(data, words):
    with pytest.raises(InviteError) as caught:
        parse_invite(data, "invite.ics")
    text = str(caught.value)
    assert text.startswith("invite.ics ") and words in text
    assert text.endswith(")") or text.endswith(".")


def test_zone_resolution_paths():
    assert resolve_zone("Asia/Tokyo", None, 2026) == ("Asia/Tokyo", "")
    assert resolve_zone("Tokyo Standard Time", None, 2026)[0] == "Asia/Tokyo"
    zone, note = resolve_zone("Mars Standard Time", None, 2026)
    assert zone is None and "not known" in note
    assert same_rules("Europe/Amsterdam", "Europe/Berlin", 2026)
    assert not same_rules("Europe/London", "Europe/Berlin", 2026)


def test_round_trip_our_own_export_reads_back_as_an_invitation():
    """An interview exported to .ics and read back keeps its moment, zone, length and title."""
    interview = Interview(
        "acme-1",
        "acme-be",
        datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("America/New_York")),
        timezone="America/New_York",
        duration_minutes=45,
        format=InterviewFormat.VIDEO,
        interviewers=["dana"],
    )
    data = CalendarData(
        "America/Chicago",
        [],
        [interview],
        {"acme-be": Application("acme-be", "acme", "Backend Engineer")},
        {"acme": Company("acme", "Acme Corp", "America/New_York")},
        {"dana": Contact("dana", "acme", "Dana Lee", email="dana@acme.example")},
    )
    invite = parse_invite(to_ics(data, datetime(2026, 11, 21, tzinfo=UTC)))
    assert invite.start == interview.starts_at
    assert invite.zone == "America/New_York"
    assert invite.duration_minutes == 45
    assert invite.summary == "Video interview — Acme Corp (Backend Engineer)"
    assert invite.uid == "acme-1@interviews.followup-desktop"
    assert invite.method == "PUBLISH"
