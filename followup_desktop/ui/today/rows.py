"""The Today screen's rows and words (no Qt): which row is which group's heading or item, and how
an item says who, what, when (in both zones) and why.

The rows are counted, not listed: a group of 13,000 overdue follow-ups is one segment of rows
(its heading, then its items by position), and an item is read from store/today_query.py only
when its row is drawn.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, tzinfo

from followup_desktop.core.reasons import noun
from followup_desktop.store.today_query import (
    GROUPS,
    NEXT_DAYS,
    OVERDUE,
    TODAY,
    WAITING,
    TodayGroups,
    TodayItem,
    WaitingItem,
)
from followup_desktop.ui.calendar.rows import CalItem, state_of
from followup_desktop.ui.common import fmt

GROUP_TITLES = {
    OVERDUE: "Overdue",
    TODAY: "Today",
    NEXT_DAYS: "Next 7 days",
    WAITING: "Waiting for a reply",
}
#: The "why" column shows this many characters of the planner's reason; the tooltip all of it.
WHY_CHARS = 160
#: A reminder to the user (the move-on review) says so where a message names its kind.
NOTE_TO_YOU = "note to you"
#: How a message logged by hand went out, as the waiting row says it.
SENT_BY_CHANNEL = {
    "email": "Email sent",
    "linkedin": "LinkedIn message sent",
    "text": "Text message sent",
    "phone": "Phone call made",
    "in_person": "Spoke in person",
}

Entry = TodayItem | WaitingItem


@dataclass(frozen=True, slots=True)
class Segment:
    group: str
    first: int  # the row of the group's heading; its items follow
    count: int


class TodayRows:
    """The rows of the list: per non-empty group, a heading and then its items; without
    ``waiting``, the group "Waiting for a reply" is left out (not read yet)."""

    def __init__(self, groups: TodayGroups | None = None, *, waiting: bool = True) -> None:
        self.groups, self.with_waiting = groups, waiting
        self.segments: list[Segment] = []
        row = 0
        for group in GROUPS if groups is not None else ():
            if group == WAITING and not waiting:
                continue
            count = groups.count(group) if groups is not None else 0
            if count:
                self.segments.append(Segment(group, row, count))
                row += 1 + count
        self.total = row
        self._firsts = [s.first for s in self.segments]

    def __len__(self) -> int:
        return self.total

    def at(self, row: int) -> tuple[str, int]:
        """(group, index in the group) of ``row``; index -1 for the group's heading."""
        segment = self.segments[bisect_right(self._firsts, row) - 1]
        return segment.group, row - segment.first - 1

    def entry(self, row: int) -> Entry | None:
        """The item shown on ``row`` (None for a heading or a row out of range)."""
        if not 0 <= row < self.total or self.groups is None:
            return None
        group, index = self.at(row)
        if index < 0:
            return None
        if group == WAITING:
            found = self.groups.waiting(index, index + 1)
            return found[0] if found else None
        return self.groups.item(group, index)

    def heading(self, row: int) -> str | None:
        """'Overdue (2)' on a heading row, else None."""
        if not 0 <= row < self.total:
            return None
        group, index = self.at(row)
        if index >= 0:
            return None
        return f"{GROUP_TITLES[group]} ({self.count(group)})"

    def count(self, group: str) -> int:
        return next((s.count for s in self.segments if s.group == group), 0)

    def first_item_row(self) -> int:
        return 1 if self.segments else -1

    def item_row(self, row: int, step: int = 1) -> int:
        """``row`` if it holds an item, else the next item row in direction ``step`` (-1: none)."""
        while 0 <= row < self.total:
            if self.at(row)[1] >= 0:
                return row
            row += step
        return -1

    def heading_rows(self) -> list[int]:
        return [s.first for s in self.segments]


# --- words ----------------------------------------------------------------------------------


def short(text: str, limit: int = WHY_CHARS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with '…'."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def what_text(item: TodayItem) -> str:
    """'Thank-you', 'Second follow-up · snoozed', 'Move-on review (note to you)'."""
    text = fmt.kind_words(item.kind)
    if not item.message:
        text += f" ({NOTE_TO_YOU})"
    if item.status == "snoozed":
        text += " · snoozed"
    elif item.manual:
        text += " · moved by you"
    return text


def who_text(person: str | None, company: str, role: str) -> str:
    """'Dana Lee · Acme Corp · Backend Engineer' (who, then where)."""
    return " · ".join(part for part in (person, company, role) if part)


def item_cells(item: TodayItem, user_zone: tzinfo) -> tuple[str, str, str, str]:
    """(what, who, when, why) of a follow-up; when in both zones, as every view says a time:
    'Tue 24 Nov 08:30 New York time (14:30 your time)' (one time when the zones agree)."""
    who = who_text(item.contact if item.message else "You", item.company, item.role)
    return (
        what_text(item),
        who,
        fmt.both_zones(item.due, item.zone, user_zone),
        short(item.reason),
    )


def sent_words(item: WaitingItem) -> str:
    """'Thank-you sent', 'Email sent' (a message logged by hand), 'Phone call made'."""
    if item.sent_kind == "phone_call":
        return "Phone call made"
    if item.sent_kind is not None:
        return f"{fmt.kind_words(item.sent_kind)} sent"
    return SENT_BY_CHANNEL.get(item.channel or "", "Message sent")


def next_words(item: WaitingItem, user_zone: tzinfo) -> str:
    """'next: check-in Tue 1 Dec' / 'no follow-up planned'."""
    if item.next_kind is None or item.next_due is None:
        return "no follow-up planned"
    day = item.next_due.astimezone(user_zone).date()
    return f"next: {noun(item.next_kind)} {fmt.day_text(day)}"


def waiting_cells(item: WaitingItem, user_zone: tzinfo) -> tuple[str, str, str, str]:
    """(what, who, when, why) of an application waiting for a reply."""
    sent = item.sent_at.astimezone(user_zone).date()
    return (
        sent_words(item),
        who_text(item.sent_to, item.company, item.role),
        f"on {fmt.day_text(sent)}",
        next_words(item, user_zone)[:1].upper() + next_words(item, user_zone)[1:],
    )


def waiting_sentence(item: WaitingItem, user_zone: tzinfo) -> str:
    """'Thank-you sent to Dana Lee on Tue 24 Nov · next: check-in Tue 1 Dec'."""
    sent = item.sent_at.astimezone(user_zone).date()
    to = f" to {item.sent_to}" if item.sent_to else ""
    return f"{sent_words(item)}{to} on {fmt.day_text(sent)} · {next_words(item, user_zone)}"


def details_text(entry: Entry, user_zone: tzinfo, today: date) -> str:
    """Everything about the selected row, as plain text (the row itself is cut to fit)."""
    if isinstance(entry, WaitingItem):
        return "\n".join(
            [
                f"{entry.company}" + (f" — {entry.role}" if entry.role else ""),
                waiting_sentence(entry, user_zone),
                "Waiting for a reply: nothing to send until the next follow-up is due.",
            ]
        )
    what, who, when, _why = item_cells(entry, user_zone)
    late = state_of("planned", entry.due.astimezone(user_zone).date(), today) == "overdue"
    lines = [f"{what} — {who}", f"Overdue since {when}" if late else f"Due {when}"]
    if entry.reason:
        lines.append(f"Why then: {' '.join(entry.reason.split())}")
    return "\n".join(lines)


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as written (Qt would guess rich text from '<')."""
    body = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"


def tooltip(entry: Entry, user_zone: tzinfo) -> str:
    """The full reason (or the waiting sentence) as a plain-text tooltip."""
    if isinstance(entry, WaitingItem):
        return plain_tip(waiting_sentence(entry, user_zone))
    return plain_tip(entry.reason or entry.label)


def empty_text(has_applications: bool) -> str:
    """What an empty Today says the user can do next (never a command-line flag)."""
    if has_applications:
        return (
            "You are up to date: nothing is due in the next 7 days and no application is "
            "waiting for a reply.\n\nHad another interview? Press Ctrl+N to write down how it "
            "went; its thank-you notes and check-ins are planned from your notes."
        )
    return (
        "Nothing to do yet.\n\nJust had an interview? Press Ctrl+N to write down how it went: "
        "the thank-you notes and check-ins are planned from your notes and listed here when "
        "they are due.\n\nAlready tracking your job search elsewhere? File › Import… brings "
        "it in."
    )


def summary_text(rows: TodayRows) -> str:
    """'2 overdue · 4 due today · 5 in the next 7 days · 3 waiting for a reply'."""
    parts = [
        (rows.count(OVERDUE), "overdue"),
        (rows.count(TODAY), "due today"),
        (rows.count(NEXT_DAYS), "in the next 7 days"),
        (rows.count(WAITING), "waiting for a reply"),
    ]
    return " · ".join(f"{n:,} {words}" for n, words in parts if n)


# --- for the calendar's item actions --------------------------------------------------------


def key_of(item: TodayItem) -> str:
    return f"f:{item.id}"


def cal_item(item: TodayItem, user_zone: tzinfo, today: date) -> CalItem:
    """The follow-up as the calendar's ItemActions act on it (mark done, skip, snooze, open)."""
    start = item.due.astimezone(user_zone)
    return CalItem(
        key_of(item),
        item.kind,
        start,
        item.zone,
        item.status,
        state_of(item.status, start.date(), today),
        item.contact or "you",
        item.company,
        item.role,
        item.application,
        item.reason,
        None,
        item.manual,
    )
