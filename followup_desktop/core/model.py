"""The domain of Follow-up Desktop as plain dataclasses and enums (no Qt, no SQL).

Times: every instant is a timezone-aware ``datetime``; the store keeps it in UTC together
with the IANA zone that owns it (``timezone`` fields). Calendar arithmetic happens in that
zone (see core/calendar.py), never on UTC timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum


class Stage(StrEnum):
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


#: Stages after which nothing more is chased.
ENDED_STAGES = frozenset({Stage.REJECTED, Stage.WITHDRAWN, Stage.CLOSED})


class Cadence(StrEnum):
    STANDARD = "standard"
    SEVENTY_TWO_HOUR = "72-hour"
    PATIENT = "patient"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    TEXT = "text"
    IN_PERSON = "in_person"
    OTHER = "other"


class Direction(StrEnum):
    SENT = "sent"
    RECEIVED = "received"


class InterviewFormat(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    PANEL = "panel"
    FINAL_ROUND = "final_round"


class FollowUpKind(StrEnum):
    THANK_YOU = "thank_you"
    CHECK_IN = "check_in"
    SECOND_FOLLOW_UP = "second_follow_up"
    PHONE_CALL = "phone_call"
    MOVE_ON_REVIEW = "move_on_review"
    STAY_IN_TOUCH = "stay_in_touch"
    REJECTION_REPLY = "rejection_reply"
    OFFER_REPLY = "offer_reply"


#: Kinds that are reminders to the user rather than messages to a person.
NON_MESSAGE_KINDS = frozenset({FollowUpKind.MOVE_ON_REVIEW})
#: Kinds a logged reply cancels (scheduling.md, "What changes a plan").
CHASING_KINDS = frozenset(
    {
        FollowUpKind.CHECK_IN,
        FollowUpKind.SECOND_FOLLOW_UP,
        FollowUpKind.PHONE_CALL,
        FollowUpKind.MOVE_ON_REVIEW,
    }
)


class FollowUpStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    CANCELLED = "cancelled"


#: Statuses that still wait for the user (due/overdue are derived from these and "now").
PENDING_STATUSES = frozenset({FollowUpStatus.PLANNED, FollowUpStatus.SNOOZED})


class TemplateKind(StrEnum):
    """Message kinds the product ships templates for (domain.md)."""

    THANK_YOU_PHONE = "thank_you_phone"
    THANK_YOU_VIDEO = "thank_you_video"
    THANK_YOU_IN_PERSON = "thank_you_in_person"
    THANK_YOU_PANEL = "thank_you_panel"
    CHECK_IN = "check_in"
    STATUS_INQUIRY = "status_inquiry"
    SECOND_FOLLOW_UP = "second_follow_up"
    STAY_IN_TOUCH = "stay_in_touch"
    SHARE_UPDATE = "share_update"
    REJECTION_REPLY = "rejection_reply"
    OFFER_ACCEPT = "offer_accept"
    OFFER_NEGOTIATE = "offer_negotiate"
    OFFER_DECLINE = "offer_decline"
    LINKEDIN_NOTE = "linkedin_note"
    PHONE_SCRIPT = "phone_script"


DEFAULT_SEND_TIME = time(8, 30)
DEFAULT_WEEKEND = (5, 6)  # Saturday, Sunday as date.weekday() numbers


@dataclass(slots=True)
class Profile:
    """The job seeker, and the planning settings that are theirs to change."""

    name: str = ""
    email: str | None = None
    phone: str | None = None
    links: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    country: str | None = None
    subdivision: str | None = None
    cadence: Cadence = Cadence.STANDARD
    send_time: time = DEFAULT_SEND_TIME
    weekend_days: tuple[int, ...] = DEFAULT_WEEKEND
    min_spacing_days: int = 5
    #: Per-kind day offsets overriding the preset's, e.g. {"check_in": 10}.
    offsets: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Company:
    id: str
    name: str
    timezone: str | None = None
    country: str | None = None
    subdivision: str | None = None
    blackout_dates: list[date] = field(default_factory=list)
    notes: str = ""
    #: The employer's own mail domains, lower-case ("acme.example"); empty: the domains of its
    #: contacts' addresses count (mail from a new sender there waits for review, store/mail_*).
    mail_domains: tuple[str, ...] = ()


@dataclass(slots=True)
class Contact:
    id: str
    company: str
    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    #: How a formal letter addresses them: "ms", "mr", or "" (by name; see core/languages.py).
    address_as: str = ""


@dataclass(slots=True)
class Application:
    id: str
    company: str
    role: str = ""
    stage: Stage = Stage.APPLIED
    contact: str | None = None
    no_phone_calls: bool = False
    decision_expected_by: date | None = None
    posting_url: str | None = None
    #: When the stage last changed (aware); anchors rejection/offer replies deterministically.
    stage_changed_at: datetime | None = None
    #: The messages' language ("en", "de", "fr"); None: from the company's country.
    language: str | None = None


NOTE_FIELDS = (
    "highlights",
    "topics",
    "challenges",
    "their_words",
    "questions",
    "unaddressed",
    "feedback_cues",
    "reflection",
    "next_steps",
)


@dataclass(slots=True)
class InterviewNotes:
    highlights: str = ""
    topics: str = ""
    challenges: str = ""
    their_words: str = ""
    questions: str = ""
    unaddressed: str = ""
    feedback_cues: str = ""
    reflection: str = ""
    next_steps: str = ""

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in NOTE_FIELDS}

    def text(self) -> str:
        """All notes as one string (for search)."""
        return "\n".join(v for v in self.as_dict().values() if v)


@dataclass(slots=True)
class Interview:
    id: str
    application: str
    starts_at: datetime  # aware
    timezone: str | None = None  # IANA zone the interview was given in; None: company/profile zone
    duration_minutes: int | None = None
    format: InterviewFormat | None = None
    round: int | None = None
    interviewers: list[str] = field(default_factory=list)  # contact ids, in order
    notes: InterviewNotes = field(default_factory=InterviewNotes)
    #: What was discussed with each interviewer: contact id -> text. Feeds that person's thank-you.
    interviewer_notes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class FollowUp:
    id: str
    application: str
    kind: FollowUpKind
    due: datetime  # aware
    timezone: str  # the employer zone the slot was computed in
    contact: str | None = None
    interview: str | None = None
    channel: Channel = Channel.EMAIL
    status: FollowUpStatus = FollowUpStatus.PLANNED
    reason: str = ""
    #: True when the user moved ``due`` by hand; re-planning keeps it.
    manual: bool = False
    status_reason: str | None = None  # why cancelled / skipped
    done_at: datetime | None = None
    snoozed_until: datetime | None = None
    template: str | None = None


@dataclass(slots=True)
class Communication:
    id: str
    application: str
    at: datetime  # aware
    direction: Direction
    contact: str | None = None
    channel: Channel = Channel.EMAIL
    summary: str = ""
    response: str = ""


@dataclass(slots=True)
class Template:
    id: str
    kind: str
    name: str
    subject: str
    body: str
    builtin: bool = False
    language: str = "en"
