""".ics export: pending follow-ups and interviews, stable UIDs, zones, alarms, read back by two
independent parsers (icalendar and vobject)."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from followup_desktop.cli import main as cli
from followup_desktop.core.ics_export import CalendarData, build_calendar, to_ics
from followup_desktop.core.model import (
    Application,
    Company,
    Contact,
    FollowUpStatus,
    Interview,
    InterviewFormat,
    Profile,
    Stage,
)
from followup_desktop.store import queries, writes
from followup_desktop.store.exports import calendar_bytes, export_to
from tests.builders import NOW

NY = ZoneInfo("America/New_York")


def fill(db, now=NOW) -> None:
    """Acme (New York) with a two-person panel on Thu 19 Nov; Sakura (Tokyo) on Mon 23 Nov."""
    writes.save_profile(db, Profile(name="Alex", timezone="America/Chicago"), now)
    writes.save_company(db, Company("acme", "Acme Corp", "America/New_York", "US", "NY"), now)
    writes.save_company(db, Company("sakura", "Sakura Robotics", "Asia/Tokyo", "JP"), now)
    writes.save_contact(
        db, Contact("dana", "acme", "Dana Lee", "Engineering Manager", "dana@acme.example")
    )
    writes.save_contact(db, Contact("omar", "acme", "Omar Haddad", None, "omar@acme.example"))
    writes.save_contact(db, Contact("haruto", "sakura", "Haruto Sato", None, "h@sakura.example"))
    for app, company in (("acme-be", "acme"), ("sakura-rs", "sakura")):
        writes.save_application(db, Application(app, company, "Engineer", Stage.INTERVIEWING), now)
    writes.save_interview(
        db,
        Interview(
            "acme-be-1",
            "acme-be",
            datetime(2026, 11, 19, 10, 0, tzinfo=NY),
            duration_minutes=45,
            format=InterviewFormat.PANEL,
            interviewers=["dana", "omar"],
        ),
        now,
    )
    writes.save_interview(
        db,
        Interview(
            "sakura-rs-1",
            "sakura-rs",
            datetime(2026, 11, 23, 1, 0, tzinfo=UTC),
            timezone="Asia/Tokyo",
            interviewers=["haruto"],
        ),
        now,
    )


@pytest.fixture
def filled(db):
    fill(db)
    return db


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_every_pending_followup_and_every_interview_is_an_event(filled):
    pending = queries.list_followups(filled, statuses=[FollowUpStatus.PLANNED])
    writes.mark_done(filled, "acme-be-1/thank_you/omar", NOW)
    events = events_by_uid(calendar_bytes(filled, NOW))
    followup_uids = {f"{f.id}@followup-desktop" for f in pending} - {
        "acme-be-1/thank_you/omar@followup-desktop"
    }
    interview_uids = {
        "acme-be-1@interviews.followup-desktop",
        "sakura-rs-1@interviews.followup-desktop",
    }
    assert set(events) == followup_uids | interview_uids
    thanks = events["acme-be-1/thank_you/dana@followup-desktop"]
    assert str(thanks["SUMMARY"]) == "Thank-you to Dana Lee — Acme Corp"
    description = str(thanks["DESCRIPTION"])
    assert "Why now: Thank-you within a day" in description
    assert "Contact: Dana Lee, Engineering Manager — dana@acme.example" in description
    assert str(thanks["TRANSP"]) == "TRANSPARENT"  # a reminder, not a busy block
    alarms = thanks.walk("VALARM")
    assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
    interview = events["acme-be-1@interviews.followup-desktop"]
    assert str(interview["SUMMARY"]) == "Panel interview — Acme Corp (Engineer)"
    assert interview.decoded("DURATION") == timedelta(minutes=45)
    assert interview.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-30)
    assert "Dana Lee" in str(interview["DESCRIPTION"])


def test_times_carry_the_owning_zone_and_its_vtimezone(filled):
    data = calendar_bytes(filled, NOW)
    text = data.decode("utf-8")
    # The thank-you to Dana: Friday 20 Nov, 08:30 New York time (the employer's send slot).
    assert "DTSTART;TZID=America/New_York:20261120T083000" in text
    assert "DTSTART;TZID=Asia/Tokyo:20261123T100000" in text  # the Tokyo interview
    cal = icalendar.Calendar.from_ical(data)
    # the move-on review, a note to the user, is in the user's own zone (Chicago)
    assert {tz.tz_name for tz in cal.timezones} == {
        "America/New_York",
        "Asia/Tokyo",
        "America/Chicago",
    }
    assert cal.get_missing_tzids() == set()
    for uid, event in events_by_uid(data).items():
        if uid.endswith("@followup-desktop") and "@interviews." not in uid:
            stored = queries.get_followup(filled, uid.removesuffix("@followup-desktop"))
            assert event.decoded("DTSTART") == stored.due


def test_an_independent_parser_reads_the_same_events(filled):
    data = calendar_bytes(filled, NOW)
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.method.value == "PUBLISH"
    by_uid = {e.uid.value: e for e in parsed.vevent_list}
    dana = by_uid["acme-be-1/thank_you/dana@followup-desktop"]
    assert dana.dtstart.value == datetime(2026, 11, 20, 8, 30, tzinfo=NY)
    assert dana.dtstart.value.utcoffset() == timedelta(hours=-5)
    assert dana.valarm.action.value == "DISPLAY"
    tokyo = by_uid["sakura-rs-1@interviews.followup-desktop"]
    assert tokyo.dtstart.value == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    assert len(parsed.vtimezone_list) == 3  # New York, Tokyo and the user's Chicago


def test_reexport_keeps_uids_and_raises_the_sequence(filled):
    first = events_by_uid(calendar_bytes(filled, NOW))
    second = events_by_uid(calendar_bytes(filled, NOW + timedelta(hours=2)))
    assert set(first) == set(second)
    uid = "acme-be-1/thank_you/dana@followup-desktop"
    assert int(second[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])
    # Same data, same moment: the same bytes (zones and events in a stable order).
    assert calendar_bytes(filled, NOW) == calendar_bytes(filled, NOW)


def test_a_manual_move_is_exported_at_its_new_time_and_says_so(filled):
    moved = datetime(2026, 11, 24, 14, 0, tzinfo=NY)
    writes.reschedule(filled, "acme-be-1/thank_you/dana", moved, NOW)
    event = events_by_uid(calendar_bytes(filled, NOW))["acme-be-1/thank_you/dana@followup-desktop"]
    assert event.decoded("DTSTART") == moved
    assert "Moved by you" in str(event["DESCRIPTION"])


def test_file_is_rfc5545_shaped(filled):
    data = calendar_bytes(filled, NOW)
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    assert b"PRODID:-//Follow-up Desktop" in data and b"VERSION:2.0" in data


def test_utc_profile_writes_utc_times_without_a_vtimezone(db):
    writes.save_company(db, Company("x", "X Ltd"), NOW)  # no zone: the profile's (UTC)
    writes.save_contact(db, Contact("p", "x", "Pat", None, "p@x.example"))
    writes.save_application(db, Application("x-1", "x", "Role", Stage.INTERVIEWING), NOW)
    writes.save_interview(
        db,
        Interview("x-1-1", "x-1", datetime(2026, 11, 19, 9, tzinfo=UTC), interviewers=["p"]),
        NOW,
    )
    text = calendar_bytes(db, NOW).decode().replace("\r\n ", "")  # unfolded
    assert "DTSTART:20261120T083000Z" in text
    assert "BEGIN:VTIMEZONE" not in text
    interview = events_by_uid(calendar_bytes(db, NOW))["x-1-1@interviews.followup-desktop"]
    assert "Length not recorded; shown as 60 minutes." in str(interview["DESCRIPTION"])


def test_an_empty_database_exports_an_empty_calendar(db):
    cal = build_calendar(
        CalendarData("UTC", [], [], {}, {}, {}),
        NOW,
    )
    assert cal.walk("VEVENT") == []
    assert vobject.readOne(to_ics(CalendarData("UTC", [], [], {}, {}, {}), NOW).decode())


def test_export_to_writes_a_private_file_and_the_command_line_does_too(
    filled, db_path, tmp_path, monkeypatch, capsys
):
    target = tmp_path / "out" / "plan.ics"
    export_to(filled, target, now=NOW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert vobject.readOne(target.read_text(encoding="utf-8")).vevent_list
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)
    filled.close()
    second = tmp_path / "cli.ics"
    assert cli.main(["--db", str(db_path), "export", str(second)]) == 0
    assert f"Wrote {second}" in capsys.readouterr().out
    assert events_by_uid(second.read_bytes()).keys() == events_by_uid(target.read_bytes()).keys()
