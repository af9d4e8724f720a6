"""Mail into the search: what core/mail_match decides, written in one transaction per batch.

``apply_messages`` dedupes by Message-ID (``mail_seen``: every message considered, processed
once across runs, restarts and folder renames), classifies each message and writes what it
means: a reply is logged and re-plans exactly as a logged reply does (writes.log_communication);
the user's own sent mail is logged as sent and marks the matching pending follow-up done once;
an invitation goes through the invite import (store/invites.py); an automatic reply is only
noted as seen; what is uncertain waits in ``mail_review`` (store/mail_review.py). A message that
is not about the search is never stored, not even its Message-ID.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from followup_desktop.core.mail_files import MailMessage, read_mail_file
from followup_desktop.core.mail_match import Classified, Verdict, classify
from followup_desktop.core.mail_reply import reply_text
from followup_desktop.core.model import Channel, Communication, Direction, FollowUp
from followup_desktop.store import queries
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.mail_accounts import advance_folder
from followup_desktop.store.mail_log import (
    Outcome,
    add_review,
    import_mail_invite,
    load_index,
    log_mail,
    mail_comm_id,
    mark_seen,
    parse_first_invite,
    pending_sent_followup,
    seen_outcome,
)

__all__ = ["FolderAdvance", "MailTally", "apply_messages", "import_mail_files", "load_index"]

#: Messages applied per transaction when a file is imported (an mbox is streamed).
BATCH = 500


@dataclass(frozen=True)
class FolderAdvance:
    """An IMAP folder's watermark, moved in the transaction that applied its messages."""

    account: str
    folder: str
    uidvalidity: int
    last_uid: int


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class MailTally:
    """What a batch of mail did. ``ignored``: not about the search, or automatic replies."""

    logged: int = 0
    review: int = 0
    ignored: int = 0
    duplicates: int = 0

    def __add__(self, other: MailTally) -> MailTally:
        return MailTally(
            self.logged + other.logged,
            self.review + other.review,
            self.ignored + other.ignored,
            self.duplicates + other.duplicates,
        )

    def as_json(self) -> dict[str, int]:
        return {
            "logged": self.logged,
            "review": self.review,
            "ignored": self.ignored,
            "duplicates": self.duplicates,
        }

    def sentence(self) -> str:
        """'2 replies logged, 1 waits for review.' or 'No new mail for your search.'"""
        parts = []
        if self.logged:
            parts.append(_plural(self.logged, "reply", "replies") + " logged")
        if self.review:
            parts.append(_plural(self.review, "waits", "wait") + " for review")
        if not parts:
            return "No new mail for your search."
        return ", ".join(parts) + "."


class _Batch:
    """One apply_messages call: the index, the clock and the counts."""

    def __init__(self, db: Database, now: datetime, source: str) -> None:
        self.db, self.now, self.source = db, now, source
        self.index = load_index(db)
        self.logged = self.review = self.ignored = self.duplicates = 0
        self.handled: set[str] = set()

    def tally(self) -> MailTally:
        return MailTally(self.logged, self.review, self.ignored, self.duplicates)

    def when(self, message: MailMessage) -> datetime:
        """The message's date, never later than now (a sender's clock may run ahead)."""
        return min(message.date, self.now) if message.date is not None else self.now

    def apply(self, message: MailMessage) -> None:
        if not self.index.is_relevant(message):
            self.ignored += 1  # never stored anywhere
            return
        mid = message.message_id
        if mid in self.handled or seen_outcome(self.db, mid) is not None:
            self.duplicates += 1
            return
        self.handled.add(mid)
        verdict = classify(message, self.index)
        handler = {
            Verdict.IGNORE: self._ignore,
            Verdict.AUTO_REPLY: self._auto_reply,
            Verdict.REPLY: self._reply,
            Verdict.SENT: self._sent,
            Verdict.INVITE: self._invite,
            Verdict.REVIEW: self._review,
        }[verdict.verdict]
        handler(message, verdict)

    def _seen(self, message: MailMessage, outcome: Outcome, comm: str | None = None) -> None:
        mark_seen(self.db, message.message_id, outcome, comm, self.now, self.source)

    def _ignore(self, message: MailMessage, verdict: Classified) -> None:
        self.ignored += 1

    def _auto_reply(self, message: MailMessage, verdict: Classified) -> None:
        self._seen(message, "auto_reply")
        self.ignored += 1

    def _reply(self, message: MailMessage, verdict: Classified) -> None:
        assert verdict.application is not None
        comm = self._log(message, verdict.application, verdict.contact, Direction.RECEIVED)
        self._seen(message, "logged", comm.id)
        self.logged += 1
        self._suggest_stage(message, verdict, comm.id)

    def _suggest_stage(self, message: MailMessage, verdict: Classified, comm_id: str) -> None:
        app = queries.get_application(self.db, verdict.application or "")
        if verdict.suggestion is None or app is None or str(app.stage) == verdict.suggestion:
            return
        add_review(
            self.db,
            message,
            "stage",
            self.when(message),
            reason=f"The reply reads like {_stage_words(verdict.suggestion)}.",
            candidates=(app.id,),
            suggestion=verdict.suggestion,
            application=app.id,
            communication=comm_id,
            contact=verdict.contact,
        )
        self.review += 1

    def _sent(self, message: MailMessage, verdict: Classified) -> None:
        when = self.when(message)
        followup = pending_sent_followup(self.db, verdict.contact, verdict.candidates, when)
        application = followup.application if followup else verdict.application
        if application is None:
            self._review(message, verdict, Direction.SENT)
            return
        contact = verdict.contact or (followup.contact if followup else None)
        comm = self._log(message, application, contact, Direction.SENT, followup=followup)
        self._seen(message, "sent", comm.id)
        self.logged += 1

    def _invite(self, message: MailMessage, verdict: Classified) -> None:
        parsed = parse_first_invite(message.calendar_parts)
        if parsed is None:  # a cancellation, a reply to a meeting, unreadable: a plain message
            plain = replace(message, calendar_parts=())
            self.handled.discard(message.message_id)
            self.apply(plain)
            return
        invite, ics = parsed
        if verdict.application is None:
            self._review(message, verdict, ics=ics)
            return
        try:
            with transaction(self.db):  # a savepoint: an invitation the import refuses waits
                comm = self._log(
                    message,
                    verdict.application,
                    verdict.contact,
                    Direction.RECEIVED,
                    said="invitation",
                )
                import_mail_invite(self.db, invite, verdict.application, self.now)
        except StoreError:
            self._review(message, verdict, ics=ics)
            return
        self._seen(message, "invite", comm.id)
        self.logged += 1

    def _review(
        self,
        message: MailMessage,
        verdict: Classified,
        direction: Direction = Direction.RECEIVED,
        ics: bytes | None = None,
    ) -> None:
        add_review(
            self.db,
            message,
            "invite" if ics is not None else "match",
            self.when(message),
            reason=verdict.reason,
            candidates=verdict.candidates,
            suggestion=verdict.suggestion,
            company=verdict.company,
            ics=ics,
            direction=direction,
            contact=verdict.contact,
        )
        self._seen(message, "review")
        self.review += 1

    def _log(
        self,
        message: MailMessage,
        application: str,
        contact: str | None,
        direction: Direction,
        *,
        followup: FollowUp | None = None,
        said: str | None = None,
    ) -> Communication:
        comm = Communication(
            id=mail_comm_id(message.message_id),
            application=application,
            at=self.when(message),
            direction=direction,
            contact=contact,
            channel=Channel.EMAIL,
            summary=message.subject[:300],
            response=reply_text(message.text)[:10_000] if direction == Direction.RECEIVED else "",
        )
        log_mail(
            self.db,
            comm,
            message_id=message.message_id,
            sender=message.sender,
            subject=message.subject,
            now=self.now,
            auto=True,
            followup=followup,
            said=said,
        )
        if direction == Direction.SENT:
            self.index = replace(
                self.index,
                sent_ids=self.index.sent_ids | {message.message_id},
                threads={**self.index.threads, message.message_id: application},
            )
        return comm


def _stage_words(stage: str) -> str:
    return "an offer" if stage == "offer" else "a rejection"


def apply_messages(
    db: Database,
    messages: Iterable[MailMessage],
    now: datetime,
    source: str,
    advance: FolderAdvance | None = None,
) -> MailTally:
    """Apply a batch in ONE transaction (see the module docstring); with ``advance``, the
    folder's watermark moves in it too, so a crash leaves both as they were."""
    with transaction(db):
        batch = _Batch(db, now, source)
        for message in messages:
            batch.apply(message)
        if advance is not None:
            advance_folder(
                db, advance.account, advance.folder, advance.uidvalidity, advance.last_uid
            )
    return batch.tally()


def _batches(messages: Iterable[MailMessage], size: int) -> Iterator[list[MailMessage]]:
    batch: list[MailMessage] = []
    for message in messages:
        batch.append(message)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_mail_files(db: Database, paths: Sequence[Path], now: datetime) -> MailTally:
    """.eml, .mbox and .msg files; an mbox is streamed, ``BATCH`` messages per transaction.
    MailFileError (one sentence) for a file that cannot be read; the batches applied before
    it stay applied (each is complete, and importing again skips them as duplicates)."""
    tally = MailTally()
    for path in paths:
        source = f"file:{Path(path).name}"
        for batch in _batches(read_mail_file(path), BATCH):
            tally += apply_messages(db, batch, now, source)
    return tally
