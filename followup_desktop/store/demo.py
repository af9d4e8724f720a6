"""A realistic job search for `--demo`: built relative to today and fed through the same import
path as a user's file, so the demo plans exactly as real data does."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from followup_desktop.core.interchange import parse_document
from followup_desktop.core.model import PENDING_STATUSES
from followup_desktop.store import queries, writes
from followup_desktop.store.db import Database
from followup_desktop.store.transfer import import_document, known_ids

_COMPANIES = [
    # id, name, zone, country, region, notes
    ("acme", "Acme Corp", "America/New_York", "US", "NY", "Payments platform, 400 people."),
    ("northwind", "Northwind Labs", "Europe/Berlin", "DE", "BY", "Logistics software, Munich."),
    ("kestrel", "Kestrel Health", "Europe/London", "GB", "ENG", "NHS-facing health records."),
    ("sakura", "Sakura Robotics", "Asia/Tokyo", "JP", None, "Warehouse robots; English team."),
    ("fernhill", "Fernhill Energy", "Australia/Sydney", "AU", "NSW", "Grid batteries."),
    ("lumen", "Lumen Analytics", "America/Los_Angeles", "US", "CA", "BI dashboards."),
    ("bluepeak", "Bluepeak Games", "America/Toronto", "CA", "ON", "Indie game studio."),
    ("orbital", "Orbital Maps", "Europe/Paris", "FR", None, "Open mapping data."),
]

_CONTACTS = [
    ("dana", "acme", "Dana Lee", "Engineering Manager", "dana@acme.example", "+1 212 555 0199"),
    ("omar", "acme", "Omar Haddad", "Staff Engineer", "omar@acme.example", None),
    ("priya", "acme", "Priya Natarajan", "Product Lead", "priya@acme.example", None),
    ("jonas", "northwind", "Jonas Becker", "Head of Platform", "jonas@northwind.example", None),
    ("lea", "northwind", "Léa Schmitt", "Recruiter", "lea@northwind.example", "+49 89 5550 120"),
    ("amelia", "kestrel", "Amelia Clarke", "CTO", "amelia@kestrel.example", "+44 20 7946 0958"),
    ("haruto", "sakura", "Haruto Sato", "Team Lead", "haruto@sakura.example", None),
    ("yui", "sakura", "Yui Tanaka", "Senior Engineer", "yui@sakura.example", None),
    ("mia", "fernhill", "Mia Nguyen", "Engineering Director", "mia@fernhill.example", None),
    ("sam", "lumen", "Sam Ortiz", "Hiring Manager", "sam@lumen.example", "+1 415 555 0142"),
    ("chloe", "bluepeak", "Chloé Tremblay", "Studio Lead", "chloe@bluepeak.example", None),
    ("nadia", "orbital", "Nadia Benali", "VP Engineering", "nadia@orbital.example", None),
]

#: How a formal (German or French) message greets each demo contact; Sam Ortiz's name says
#: nothing either way, so he or she is greeted by name.
_ADDRESS_AS = {
    "dana": "ms",
    "omar": "mr",
    "priya": "ms",
    "jonas": "mr",
    "lea": "ms",
    "amelia": "ms",
    "haruto": "mr",
    "yui": "ms",
    "mia": "ms",
    "chloe": "ms",
    "nadia": "ms",
}


def _at(now: datetime, days: int, hour: int, minute: int, zone: str) -> str:
    local = now.astimezone(ZoneInfo(zone)) + timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0).isoformat()


def demo_document(now: datetime) -> dict[str, Any]:
    """The demo job search as an interchange v1 document, dated around ``now``."""
    zones = {c[0]: c[2] for c in _COMPANIES}

    def interview(
        iid: str,
        app: str,
        company: str,
        days: int,
        hour: int,
        fmt: str,
        people: list[str],
        notes: dict[str, str],
        per_person: dict[str, str] | None = None,
        rnd: int = 1,
    ) -> dict[str, Any]:
        return {
            "id": iid,
            "application": app,
            "starts_at": _at(now, days, hour, 0, zones[company]),
            "duration_minutes": 60 if fmt == "panel" else 45,
            "format": fmt,
            "round": rnd,
            "interviewers": people,
            "notes": notes,
            "interviewer_notes": per_person or {},
        }

    def message(
        mid: str,
        app: str,
        company: str,
        contact: str | None,
        days: int,
        direction: str,
        summary: str,
        channel: str = "email",
    ) -> dict[str, Any]:
        return {
            "id": mid,
            "application": app,
            "contact": contact,
            "at": _at(now, days, 10, 5, zones[company]),
            "channel": channel,
            "direction": direction,
            "summary": summary,
        }

    today = now.astimezone(ZoneInfo("America/Chicago")).date()
    return {
        "format": "followup-desktop",
        "version": 1,
        "profile": {
            "name": "Alex Morgan",
            "email": "alex.morgan@example.org",
            "phone": "+1 555 0100",
            "links": ["https://www.linkedin.com/in/alex-morgan-example"],
            "timezone": "America/Chicago",
            "country": "US",
            "subdivision": "IL",
            "cadence": "standard",
        },
        "companies": [
            {
                "id": i,
                "name": n,
                "timezone": z,
                "country": c,
                "subdivision": s,
                "notes": note,
                "blackout_dates": [(today + timedelta(days=9)).isoformat()] if i == "acme" else [],
            }
            for i, n, z, c, s, note in _COMPANIES
        ],
        "contacts": [
            {
                "id": i,
                "company": c,
                "name": n,
                "title": t,
                "email": e,
                "phone": p,
                "linkedin": f"https://www.linkedin.com/in/{i}-example",
                "address_as": _ADDRESS_AS.get(i, ""),
            }
            for i, c, n, t, e, p in _CONTACTS
        ],
        "applications": [
            {
                "id": "acme-be",
                "company": "acme",
                "role": "Backend Engineer",
                "stage": "interviewing",
                "contact": "dana",
                "decision_expected_by": (today + timedelta(days=12)).isoformat(),
                "posting_url": "https://jobs.acme.example/backend",
            },
            {
                "id": "northwind-sre",
                "company": "northwind",
                "role": "Site Reliability Engineer",
                "stage": "interviewing",
                "contact": "lea",
                "no_phone_calls": True,
            },
            {
                "id": "kestrel-data",
                "company": "kestrel",
                "role": "Data Engineer",
                "stage": "offer",
                "contact": "amelia",
            },
            {
                "id": "sakura-robotics",
                "company": "sakura",
                "role": "Robotics Software Engineer",
                "stage": "interviewing",
                "contact": "haruto",
            },
            {
                "id": "fernhill-platform",
                "company": "fernhill",
                "role": "Platform Engineer",
                "stage": "rejected",
                "contact": "mia",
            },
            {
                "id": "lumen-analytics",
                "company": "lumen",
                "role": "Analytics Engineer",
                "stage": "interviewing",
                "contact": "sam",
            },
            {
                "id": "bluepeak-tools",
                "company": "bluepeak",
                "role": "Tools Programmer",
                "stage": "applied",
            },
            {
                "id": "orbital-maps",
                "company": "orbital",
                "role": "Geo Data Engineer",
                "stage": "interviewing",
                "contact": "nadia",
            },
        ],
        "interviews": [
            interview(
                "acme-be-1",
                "acme-be",
                "acme",
                -1,
                14,
                "panel",
                ["dana", "omar", "priya"],
                {
                    "highlights": "Whiteboarded the idempotent payment retry design together.",
                    "topics": "Ledger migration to event sourcing; on-call load.",
                    "challenges": "Duplicate charges during partner outages.",
                    "their_words": '"boring technology, exciting outcomes"',
                    "questions": "Handled the consistency question well; rushed the one on "
                    "capacity planning.",
                    "unaddressed": "Did not get to ask about the team's release cadence.",
                    "feedback_cues": "Dana nodded at the outbox pattern idea.",
                    "reflection": "Went well: concrete examples. Improve: shorter answers.",
                    "next_steps": "Decision within two weeks.",
                },
                {
                    "dana": "Team growth plans and how on-call is shared.",
                    "omar": "The retry queue and exactly-once delivery.",
                    "priya": "Merchant dashboard roadmap for next year.",
                },
            ),
            interview(
                "northwind-sre-1",
                "northwind-sre",
                "northwind",
                -9,
                10,
                "video",
                ["jonas"],
                {
                    "topics": "Kubernetes cost control; incident reviews.",
                    "challenges": "Alert fatigue in the night shift.",
                    "their_words": '"we page humans only for humans"',
                    "next_steps": "Second round with the platform team.",
                },
                {"jonas": "SLO budgets and the move off the old data centre."},
            ),
            interview(
                "northwind-sre-2",
                "northwind-sre",
                "northwind",
                2,
                11,
                "in_person",
                ["jonas", "lea"],
                {"next_steps": "On-site in Munich."},
                rnd=2,
            ),
            interview(
                "kestrel-data-1",
                "kestrel-data",
                "kestrel",
                -16,
                15,
                "final_round",
                ["amelia"],
                {
                    "topics": "FHIR pipelines.",
                    "challenges": "Late-arriving records from GP surgeries.",
                },
            ),
            interview(
                "sakura-robotics-1",
                "sakura-robotics",
                "sakura",
                -3,
                10,
                "video",
                ["haruto", "yui"],
                {
                    "topics": "Path planning in narrow aisles; ROS 2 migration.",
                    "challenges": "Robots stalling at shift changes.",
                    "their_words": '"safety first, then speed"',
                },
                {
                    "haruto": "Team rituals across Tokyo and Europe.",
                    "yui": "Simulation test coverage.",
                },
            ),
            interview(
                "fernhill-platform-1",
                "fernhill-platform",
                "fernhill",
                -20,
                9,
                "phone",
                ["mia"],
                {"topics": "Battery telemetry ingestion."},
            ),
            interview(
                "lumen-analytics-1",
                "lumen-analytics",
                "lumen",
                -24,
                13,
                "video",
                ["sam"],
                {
                    "topics": "dbt models; metric definitions.",
                    "challenges": "Three teams with three revenue numbers.",
                },
            ),
            interview(
                "orbital-maps-1",
                "orbital-maps",
                "orbital",
                -5,
                16,
                "video",
                ["nadia"],
                {
                    "topics": "Vector tiles; OpenStreetMap imports.",
                    "challenges": "Slow nightly rebuilds.",
                },
            ),
        ],
        "communications": [
            message(
                "m-acme-1",
                "acme-be",
                "acme",
                "dana",
                -6,
                "received",
                "Invitation to the panel interview",
            ),
            message(
                "m-nw-1",
                "northwind-sre",
                "northwind",
                "lea",
                -5,
                "received",
                "Lea: you are through to round two",
            ),
            message(
                "m-kes-1",
                "kestrel-data",
                "kestrel",
                "amelia",
                -15,
                "sent",
                "Thank-you note after the final round",
            ),
            message(
                "m-kes-2",
                "kestrel-data",
                "kestrel",
                "amelia",
                -2,
                "received",
                "Offer letter received; reply by Friday",
            ),
            message(
                "m-fern-1", "fernhill-platform", "fernhill", "mia", -19, "sent", "Thank-you note"
            ),
            message(
                "m-fern-2",
                "fernhill-platform",
                "fernhill",
                "mia",
                -1,
                "received",
                "Rejection: went with an internal candidate",
            ),
            message("m-lumen-1", "lumen-analytics", "lumen", "sam", -23, "sent", "Thank-you note"),
            message(
                "m-lumen-2", "lumen-analytics", "lumen", "sam", -16, "sent", "Check-in on timing"
            ),
            message(
                "m-blue-1",
                "bluepeak-tools",
                "bluepeak",
                None,
                -12,
                "sent",
                "Applied through the careers page",
                channel="other",
            ),
        ],
    }


#: Follow-ups the demo user has already sent, so the demo shows history as well as plans;
#: the Orbital thank-you is left undone on purpose, to show an overdue item.
_ALREADY_SENT = (
    "northwind-sre-1/thank_you/jonas",
    "kestrel-data-1/thank_you/amelia",
    "fernhill-platform-1/thank_you/mia",
    "lumen-analytics-1/thank_you/sam",
    "lumen-analytics-1/check_in/sam",
    "sakura-robotics-1/thank_you/haruto",
    "sakura-robotics-1/thank_you/yui",
)


def fill_demo(db: Database, now: datetime) -> None:
    """Fill ``db`` with the demo job search, planned as of ``now``."""
    doc = parse_document(demo_document(now), "demo data", known_ids(db))
    import_document(db, doc, now)
    for followup_id in _ALREADY_SENT:
        item = queries.get_followup(db, followup_id)
        if item is not None and item.status in PENDING_STATUSES and item.due < now:
            writes.mark_done(db, followup_id, item.due + timedelta(hours=1))


def fill_demo_if_empty(db: Database, now: datetime) -> bool:
    """The demo job search, dated around ``now``, into a database with no application yet;
    whether it was filled."""
    if queries.has_applications(db):
        return False
    fill_demo(db, now)
    return True
