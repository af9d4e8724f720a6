"""An invitation becomes an interview in the store: people matched, application guessed, planned."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.core.ics_import import parse_invite
from followup_desktop.core.model import (
    Application,
    Company,
    Contact,
    InterviewFormat,
    Profile,
    Stage,
)
from followup_desktop.store import invites, queries, writes
from followup_desktop.store.db import StoreError
from tests.builders import WEDNESDAY_AFTERNOON

INVITES = Path(__file__).resolve().parents[2] / "fixtures" / "invites"


def read(name: str):
    return parse_invite((INVITES / name).read_bytes(), name)


@pytest.fixture
def jobs(db):
    """The demo's companies, in miniature: Acme, Northwind, Lumen, Orbital, Sakura, Bluepeak."""
    writes.save_profile(
        db,
        Profile(name="Alex", email="Alex.Morgan@example.org", timezone="America/Chicago"),
        WEDNESDAY_AFTERNOON,
    )
    companies = [
        ("acme", "Acme Corp", "America/New_York"),
        ("northwind", "Northwind Labs", "Europe/Berlin"),
        ("lumen", "Lumen Analytics", "America/Los_Angeles"),
        ("orbital", "Orbital Maps", "Europe/Paris"),
        ("sakura", "Sakura Robotics", "Asia/Tokyo"),
        ("bluepeak", "Bluepeak Games", "America/Toronto"),
    ]
    for cid, name, zone in companies:
        writes.save_company(db, Company(cid, name, zone), WEDNESDAY_AFTERNOON)
        writes.save_application(
            db, Application(f"{cid}-job", cid, "Engineer", Stage.INTERVIEWING), WEDNESDAY_AFTERNOON
        )
    writes.save_application(
        db, Application("acme-old", "acme", "Old role", Stage.REJECTED), WEDNESDAY_AFTERNOON
    )
    writes.save_contact(db, Contact("dana", "acme", "Dana Lee", email="dana@acme.example"))
    writes.save_contact(db, Contact("priya", "acme", "Priya Natarajan", email="priya@acme.example"))
    writes.save_contact(
        db, Contact("jonas", "northwind", "Jonas Becker", email="jonas@northwind.example")
    )
    writes.save_contact(
        db, Contact("haruto", "sakura", "Haruto Sato", email="haruto@sakura.example")
    )
    return db


@pytest.mark.parametrize(
    ("name", "application", "why"),
    [
        ("outlook_exchange.ics", "acme-job", "Priya Natarajan is one of your contacts"),
        ("outlook_display_name_zone.ics", "northwind-job", "Jonas Becker is one of your contacts"),
        ("zoom_meeting.ics", "sakura-job", "Haruto Sato is one of your contacts"),
        ("google_calendar.ics", "lumen-job", "@lumen.example: Lumen Analytics"),  # by its name
        ("google_calendar_vtimezone.ics", "orbital-job", "@orbital.example: Orbital Maps"),
        ("all_day.ics", "bluepeak-job", "@bluepeak.example: Bluepeak Games"),
    ],
)
def test_the_application_is_guessed_from_the_people_on_the_invitation(jobs, name, application, why):
    guess = invites.guess_application(jobs, read(name))
    assert guess.application == application  # a live application, not the rejected one
    assert why in guess.why


@pytest.mark.parametrize(
    ("name", "interviewers", "local_start"),
    [
        ("outlook_exchange.ics", 3, "2026-12-03T10:00:00-05:00"),
        ("outlook_display_name_zone.ics", 2, "2026-12-02T11:00:00+01:00"),
        ("google_calendar.ics", 2, "2026-12-01T09:00:00-08:00"),  # UTC, shown in LA
        ("google_calendar_vtimezone.ics", 2, "2026-12-07T14:30:00+01:00"),
        ("zoom_meeting.ics", 2, "2026-12-04T09:00:00+09:00"),
        ("all_day.ics", 1, "2026-12-09T09:00:00-05:00"),
    ],
)
def test_every_invitation_becomes_a_planned_interview(jobs, name, interviewers, local_start):
    from zoneinfo import ZoneInfo

    invite = read(name)
    guess = invites.guess_application(jobs, invite)
    company = queries.get_company(jobs, queries.get_application(jobs, guess.application).company)
    zone = invite.zone or company.timezone
    start = invite.start if not invite.floating else invite.start.replace(tzinfo=ZoneInfo(zone))
    result = invites.import_invite(
        jobs,
        invite,
        application_id=guess.application,
        people=invites.match_people(jobs, invite),  # the user left out by their address
        starts_at=start,
        zone=zone,
        duration_minutes=invite.duration_minutes,
        interview_format=invite.suggested_format(),
        now=WEDNESDAY_AFTERNOON,
    )
    stored = queries.get_interview(jobs, result.interview.id)
    assert stored.starts_at.astimezone(ZoneInfo(zone)).isoformat() == local_start
    assert len(stored.interviewers) == interviewers
    assert stored.notes.next_steps.startswith(f"Invitation: “{invite.summary}”")
    planned = [f for f in result.plan.followups if f.interview == stored.id]
    assert {f.contact for f in planned if f.kind == "thank_you"} == set(stored.interviewers)
    assert all(f.status == "planned" for f in planned)


def test_without_an_address_the_user_is_recognised_by_name(jobs):
    profile = queries.get_profile(jobs)
    profile.email, profile.name = None, "Alex Morgan"
    writes.save_profile(jobs, profile, WEDNESDAY_AFTERNOON)
    people = [m.person.email for m in invites.match_people(jobs, read("zoom_meeting.ics"))]
    assert people == ["haruto@sakura.example", "yui@sakura.example"]


def test_no_guess_from_a_mail_provider_domain(jobs):
    invite = read("google_calendar.ics")
    organizer = replace(invite.organizer, email="someone@gmail.com")
    invite = replace(invite, organizer=organizer, attendees=())
    guess = invites.guess_application(jobs, invite)
    assert guess.application is None and "choose one" in guess.why


def test_people_match_contacts_by_address_whatever_the_case_and_leave_out_the_user(jobs):
    matches = invites.match_people(jobs, read("outlook_exchange.ics"))
    assert [(m.person.email, m.contact.id if m.contact else None) for m in matches] == [
        ("priya@acme.example", "priya"),
        ("Dana@ACME.example", "dana"),
        ("kofi.mensah@acme.example", None),
    ]


def test_import_creates_the_interview_new_contacts_and_its_plan(jobs):
    invite = read("outlook_exchange.ics")
    result = invites.import_invite(
        jobs,
        invite,
        application_id="acme-job",
        people=invites.match_people(jobs, invite),
        starts_at=invite.start,
        zone=invite.zone,
        duration_minutes=invite.duration_minutes,
        interview_format=invite.suggested_format(),
        now=WEDNESDAY_AFTERNOON,
    )
    interview = queries.get_interview(jobs, result.interview.id)
    assert interview.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert interview.timezone == "America/New_York"
    assert interview.duration_minutes == 75 and interview.format == InterviewFormat.VIDEO
    assert interview.round == 1
    assert interview.interviewers == ["priya", "dana", "kofi-mensah"]
    kofi = queries.contacts_by_id(jobs, ["kofi-mensah"])["kofi-mensah"]
    assert (kofi.name, kofi.company, kofi.email) == (
        "Kofi Mensah",
        "acme",
        "kofi.mensah@acme.example",
    )
    thanks = {
        f.contact: f
        for f in queries.list_followups(jobs, applications=["acme-job"])
        if f.kind == "thank_you"
    }
    assert set(thanks) == {"priya", "dana", "kofi-mensah"}
    # Thursday 3 Dec interview in New York: thank-yous on Friday 4 Dec, 08:30 New York time.
    assert thanks["dana"].due == datetime(2026, 12, 4, 13, 30, tzinfo=UTC)
    assert not result.updated and result.created_contacts == [kofi]
    assert result.sentence("Acme Corp").startswith(
        "Added the interview with Acme Corp (new contact: Kofi Mensah); "
    )


def test_reimporting_a_moved_invitation_updates_the_same_interview(jobs):
    invite = read("zoom_meeting.ics")
    people = invites.match_people(jobs, invite)
    args = dict(
        application_id="sakura-job",
        people=people,
        zone="Asia/Tokyo",
        duration_minutes=60,
        interview_format=InterviewFormat.VIDEO,
        now=WEDNESDAY_AFTERNOON,
    )
    first = invites.import_invite(jobs, invite, starts_at=invite.start, **args)
    writes.save_interview(
        jobs,
        replace(
            queries.get_interview(jobs, first.interview.id),
            notes=replace(first.interview.notes, highlights="Demoed the simulator"),
        ),
        WEDNESDAY_AFTERNOON,
    )
    moved = invite.start + timedelta(days=4)  # the employer moved it to Tuesday 8 Dec
    second = invites.import_invite(
        jobs, replace(invite, start=moved), starts_at=moved, **{**args, "people": people}
    )
    assert second.updated and second.interview.id == first.interview.id
    assert len(queries.list_interviews(jobs, ["sakura-job"])) == 1
    stored = queries.get_interview(jobs, first.interview.id)
    assert stored.starts_at == moved and stored.notes.highlights == "Demoed the simulator"
    assert stored.notes.next_steps.endswith(
        "https://us06web.zoom.us/j/84512345678?pwd=aBcDeFgHiJkLmNoPqRsTuV.1"
    )
    assert len(queries.list_contacts(jobs, "sakura")) == 2  # Yui created once, not twice
    thanks = queries.get_followup(jobs, f"{first.interview.id}/thank_you/haruto")
    assert thanks.due.astimezone(moved.tzinfo).date() == moved.date() + timedelta(days=1)


def test_an_all_day_invitation_gets_the_time_the_user_confirms(jobs):
    from zoneinfo import ZoneInfo

    invite = read("all_day.ics")
    start = invite.start.replace(tzinfo=ZoneInfo("America/Toronto"))
    result = invites.import_invite(
        jobs,
        invite,
        application_id="bluepeak-job",
        people=invites.match_people(jobs, invite),
        starts_at=start,
        zone="America/Toronto",
        duration_minutes=None,
        interview_format=InterviewFormat.IN_PERSON,
        now=WEDNESDAY_AFTERNOON,
    )
    assert queries.get_interview(jobs, result.interview.id).starts_at == start


def test_a_failed_import_leaves_nothing_behind(jobs):
    invite = read("outlook_exchange.ics")
    before = len(queries.list_contacts(jobs))
    with pytest.raises(StoreError, match="no application"):
        invites.import_invite(
            jobs,
            invite,
            application_id="nope",
            people=invites.match_people(jobs, invite),
            starts_at=invite.start,
            zone=None,
            duration_minutes=None,
            interview_format=None,
            now=WEDNESDAY_AFTERNOON,
        )
    with pytest.raises(StoreError, match="time zone"):
        invites.import_invite(
            jobs,
            read("all_day.ics"),
            application_id="bluepeak-job",
            people=[],
            starts_at=datetime(2026, 12, 9, 9, 0),
            zone=None,
            duration_minutes=None,
            interview_format=None,
            now=WEDNESDAY_AFTERNOON,
        )
    assert len(queries.list_contacts(jobs)) == before


def test_the_transaction_rolls_back_when_planning_fails(jobs, monkeypatch):
    invite = read("outlook_exchange.ics")

    def broken(*args, **kwargs):
        raise RuntimeError("planner exploded")

    monkeypatch.setattr(writes, "save_interview", broken)
    with pytest.raises(RuntimeError):
        invites.import_invite(
            jobs,
            invite,
            application_id="acme-job",
            people=invites.match_people(jobs, invite),
            starts_at=invite.start,
            zone=invite.zone,
            duration_minutes=None,
            interview_format=None,
            now=WEDNESDAY_AFTERNOON,
        )
    assert queries.contacts_by_id(jobs, ["kofi-mensah"]) == {}
