"""The outbox store (store/outbox): the state machine queued -> sending -> sent | failed | held |
cancelled, claims that two connections never share, the re-check before sending, late slots,
the one-transaction mark_sent whose log entry replies thread to, and stranded sends."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core.mail_account import MailAccount, MailAccountError
from followup_desktop.core.mail_files import MailMessage
from followup_desktop.core.model import (
    Application,
    Communication,
    Company,
    Contact,
    Direction,
    FollowUpStatus,
    Interview,
    InterviewFormat,
    Profile,
    Stage,
)
from followup_desktop.store import mail_accounts, outbox, queries, records, writes
from followup_desktop.store.mail_apply import MailTally, apply_messages
from followup_desktop.store.open import open_store
from followup_desktop.store.outbox import OutboxError
from tests.builders import NOW

CHECK_IN = "sre-1/check_in/gil"
#: Thu 26 Nov 2026 08:30 in Berlin: the check-in's slot.
SLOT = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
OWNER = "test-process"


@pytest.fixture
def search(db):
    """Alex (Los Angeles); Globex (Berlin) with two applications, Gil interviewed for the SRE
    one on Thu 19 Nov; a mail account with SMTP, and one without."""
    profile = Profile(name="Alex Morgan", email="alex@example.org", timezone="America/Los_Angeles")
    writes.save_profile(db, profile, NOW)
    writes.save_company(db, Company("globex", "Globex", "Europe/Berlin", "DE"), NOW)
    writes.save_contact(db, Contact("gil", "globex", "Gil Grey", email="gil@globex.example"))
    for app in (
        Application("globex-pm", "globex", "Product Manager", contact="gil"),
        Application("globex-sre", "globex", "SRE", contact="gil"),
    ):
        writes.save_application(db, app, NOW)
    interview = Interview(
        "sre-1",
        "globex-sre",
        datetime(2026, 11, 19, 10, tzinfo=UTC),
        interviewers=["gil"],
        format=InterviewFormat.VIDEO,
    )
    writes.save_interview(db, interview, NOW)
    mail_accounts.save_account(
        db,
        MailAccount(
            "Work",
            "alex@example.org",
            smtp_host="smtp.example.org",
            from_addr="Alex Morgan <alex@example.org>",
            reply_to="jobs@example.org",
        ),
    )
    mail_accounts.save_account(db, MailAccount("Reader", "alex@example.org", imap_host="imap.x"))
    return db


def queue(db, followup_id: str = CHECK_IN, send_at: datetime = SLOT, **changes):
    values = {
        "followup_id": followup_id,
        "account": "Work",
        "to_addr": "gil@globex.example",
        "to_name": "Gil Grey",
        "subject": "Checking in: SRE, Größe 東京",
        "body": "Hallo Gil,\nnoch einmal danke. 🎉\nAlex",
        "send_at": send_at,
        "zone": "Europe/Berlin",
        "now": NOW,
    }
    return outbox.queue(db, **(values | changes))


def one_sentence(text: str) -> bool:
    return text[:1].isupper() and text.endswith(".") and ". " not in text and "\n" not in text


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(OutboxError) as caught:
        call(*args, **kwargs)
    text = str(caught.value)
    assert one_sentence(text), text
    return text


def status(db, followup_id: str = CHECK_IN) -> FollowUpStatus:
    found = queries.get_followup(db, followup_id)
    assert found is not None
    return found.status


# --- the account's Reply-To ------------------------------------------------------------------


def test_reply_to_is_stored_and_validated_like_from(search):
    account = mail_accounts.get_account(search, "Work")
    assert account is not None and account.reply_to == "jobs@example.org"
    with pytest.raises(MailAccountError, match="Reply-To address 'jobs'"):
        mail_accounts.save_account(search, replace(account, reply_to="jobs"))
    mail_accounts.save_account(search, replace(account, reply_to=None))
    assert mail_accounts.get_account(search, "Work").reply_to is None


# --- queueing ----------------------------------------------------------------------------------


def test_queue_stores_the_message_with_its_message_id_made_first(search):
    item = queue(search)
    assert item.state == "queued" and item.attempts == 0
    assert (item.followup, item.application, item.contact) == (CHECK_IN, "globex-sre", "gil")
    assert item.message_id.startswith("<") and item.message_id.endswith("@example.org>")
    assert item.send_at == SLOT and item.send_at.tzinfo == UTC
    assert item.queued_at == NOW and item.zone == "Europe/Berlin"
    assert item.subject == "Checking in: SRE, Größe 東京" and "🎉" in item.body
    assert outbox.get_item(search, item.id) == item
    assert outbox.list_items(search) == [item]
    assert outbox.list_items(search, ["sent"]) == []


def test_queue_refusals_name_the_cause(search):
    queue(search)
    assert "already in the outbox (queued)" in refusal(queue, search)
    other = "sre-1/second_follow_up/gil"
    assert "no SMTP server" in refusal(queue, search, other, account="Reader")
    assert "no mail account 'Gone'" in refusal(queue, search, other, account="Gone")
    assert refusal(queue, search, other, to_addr="  ") == "The message has no To address."
    assert "is not an address" in refusal(queue, search, other, to_addr="gil")
    assert "no follow-up 'nope'" in refusal(queue, search, "nope")
    assert "time zone" in refusal(queue, search, other, send_at=datetime(2026, 12, 3, 8))
    assert "not a known time zone" in refusal(queue, search, other, zone="Mars/Olympus")
    assert len(outbox.list_items(search)) == 1


def test_list_is_by_send_time(search):
    late = queue(search, "sre-1/second_follow_up/gil", SLOT + timedelta(days=7))
    early = queue(search)
    assert [i.id for i in outbox.list_items(search)] == [early.id, late.id]


# --- the state machine -----------------------------------------------------------------------


def test_edit_only_while_queued_or_held(search):
    item = queue(search)
    edited = outbox.edit(
        search,
        item.id,
        subject="New",
        body="B",
        to_addr="g@globex.example",
        send_at=SLOT + timedelta(hours=1),
        now=NOW,
    )
    assert (edited.subject, edited.body, edited.to_addr) == ("New", "B", "g@globex.example")
    assert edited.send_at == SLOT + timedelta(hours=1)
    assert edited.message_id == item.message_id  # never changes
    [claimed] = outbox.claim_due(search, SLOT + timedelta(hours=1), OWNER)
    assert "is sending, so it cannot be changed" in refusal(
        outbox.edit, search, item.id, subject="x", now=NOW
    )
    assert "cannot be cancelled" in refusal(outbox.cancel, search, claimed.id, NOW)
    assert "no message 999" in refusal(outbox.edit, search, 999, subject="x", now=NOW)


def test_cancel_and_release(search):
    item = queue(search)
    cancelled = outbox.cancel(search, item.id, NOW)
    assert cancelled.state == "cancelled"
    assert "cannot be released" in refusal(outbox.release, search, item.id, SLOT, NOW)
    again = queue(search)  # a cancelled one does not block the follow-up
    held = outbox.claim_due(search, SLOT + timedelta(hours=3), OWNER)
    assert held == [] and outbox.get_item(search, again.id).state == "held"
    back = outbox.release(search, again.id, SLOT + timedelta(hours=3), SLOT + timedelta(hours=3))
    assert (back.state, back.reason, back.send_at) == ("queued", "", SLOT + timedelta(hours=3))
    assert back.followup == CHECK_IN  # still pending: kept


def test_failures_retry_or_stop(search):
    item = queue(search)
    [claimed] = outbox.claim_due(search, SLOT, OWNER)
    assert (claimed.state, claimed.attempts, claimed.claimed_by) == ("sending", 1, OWNER)
    assert claimed.claimed_at == SLOT
    retry = outbox.mark_failed(search, item.id, "The server is offline.", SLOT, retry=True)
    assert (retry.state, retry.reason, retry.claimed_by) == (
        "queued",
        "The server is offline.",
        None,
    )
    [claimed] = outbox.claim_due(search, SLOT + timedelta(minutes=5), OWNER)
    assert claimed.attempts == 2
    stop = outbox.mark_failed(search, item.id, "The server refused gil.", SLOT, retry=False)
    assert stop.state == "failed"
    assert "cannot be marked failed" in refusal(
        outbox.mark_failed, search, item.id, "x.", SLOT, retry=True
    )
    assert "cannot be marked sent" in refusal(outbox.mark_sent, search, item.id, SLOT)
    assert outbox.release(search, item.id, SLOT + timedelta(hours=1), SLOT).state == "queued"
    assert status(search) == FollowUpStatus.PLANNED


def test_claim_due_takes_only_due_items_once(search):
    item = queue(search)
    assert outbox.claim_due(search, SLOT - timedelta(seconds=1), OWNER) == []
    [claimed] = outbox.claim_due(search, SLOT, OWNER)
    assert claimed.id == item.id
    assert outbox.claim_due(search, SLOT + timedelta(minutes=1), "another") == []


def test_two_connections_claiming_at_once_never_get_the_same_item(search, db_path):
    followups = [f.id for f in queries.list_followups(search) if f.contact == "gil"]
    items = []
    for n in range(40):  # several items per follow-up through cancel, spread over 40 minutes
        fid = followups[n % len(followups)]
        for old in outbox.list_items(search, ["queued"]):
            if old.followup == fid:
                search.execute("UPDATE outbox SET followup = NULL WHERE id = ?", [old.id])
        items.append(queue(search, fid, SLOT + timedelta(minutes=n)).id)
    got: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []
    reached = {"a": -1, "b": -1}  # the minute each worker is at: they go in lockstep

    def worker(name: str) -> None:
        db = open_store(db_path)
        try:
            for minute in range(45):
                reached[name] = minute
                while min(reached.values()) < minute:  # polled: no timed waits (libfaketime)
                    time.sleep(0.0005)
                now = SLOT + timedelta(minutes=minute)
                got[name] += [i.id for i in outbox.claim_due(db, now, name, timedelta(days=1))]
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            reached[name] = 10_000
            db.close()

    threads = [threading.Thread(target=worker, args=(name,)) for name in got]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not set(got["a"]) & set(got["b"])
    assert sorted(got["a"] + got["b"]) == sorted(items)
    for item in outbox.list_items(search):
        assert item.state == "sending" and item.attempts == 1
        assert item.id in got[item.claimed_by or ""]


# --- the re-check before sending -------------------------------------------------------------


def held_reason(db, item_id: int, now: datetime = SLOT) -> str:
    assert outbox.claim_due(db, now, OWNER) == []
    item = outbox.get_item(db, item_id)
    assert item is not None and item.state == "held"
    assert one_sentence(item.reason), item.reason
    return item.reason


def test_a_reply_logged_after_queueing_holds_it(search):
    item = queue(search)
    assert outbox.recheck(search, item) is None
    reply = Communication(
        "reply-1", "globex-sre", NOW + timedelta(hours=1), Direction.RECEIVED, contact="gil"
    )
    writes.log_communication(search, reply, NOW + timedelta(hours=1))
    assert held_reason(search, item.id) == "A reply arrived after this message was queued."


def test_a_reply_logged_before_queueing_does_not(search):
    reply = Communication("r0", "globex-sre", NOW - timedelta(hours=1), Direction.RECEIVED)
    writes.log_communication(search, reply, NOW)
    item = queue(search, "sre-1/thank_you/gil", SLOT)
    assert status(search, "sre-1/thank_you/gil") == FollowUpStatus.PLANNED
    assert outbox.recheck(search, item) is None


def test_a_rejection_holds_it(search):
    item = queue(search)
    writes.set_stage(search, "globex-sre", Stage.REJECTED, NOW + timedelta(hours=1))
    reason = held_reason(search, item.id)
    assert reason == "The application moved to rejected after this message was queued."


def test_a_follow_up_cancelled_by_a_replan_holds_it(search):
    item = queue(search)
    followup = queries.get_followup(search, CHECK_IN)
    cancelled = replace(followup, status=FollowUpStatus.CANCELLED, status_reason="Offer received")
    search["followups"].upsert(records.followup_to_row(cancelled), pk="id")
    assert held_reason(search, item.id) == (
        "The follow-up was cancelled by a re-plan (Offer received)."
    )
    # the user sends it anyway: the follow-up is let go, the message goes out
    back = outbox.release(search, item.id, SLOT, SLOT)
    assert back.followup is None and back.application == "globex-sre"
    assert [i.id for i in outbox.claim_due(search, SLOT, OWNER)] == [item.id]


def test_a_follow_up_done_or_skipped_holds_it(search):
    item = queue(search)
    writes.mark_done(search, CHECK_IN, NOW + timedelta(hours=1))
    assert outbox.recheck(search, item) == "The follow-up was already marked done."
    other = queue(search, "sre-1/second_follow_up/gil")
    writes.skip(search, "sre-1/second_follow_up/gil", "not needed", NOW)
    assert outbox.recheck(search, other) == "You skipped the follow-up this message carries out."


def test_a_deleted_application_holds_it(search):
    item = queue(search)
    search.execute("DELETE FROM applications WHERE id = 'globex-sre'")
    reason = held_reason(search, item.id)
    assert reason == "The application this message belongs to was deleted."


# --- late slots ------------------------------------------------------------------------------


def test_a_slot_missed_by_less_than_the_limit_is_sent(search):
    item = queue(search)
    [claimed] = outbox.claim_due(search, SLOT + timedelta(hours=1, minutes=59), OWNER)
    assert claimed.id == item.id


def test_a_slot_missed_by_more_is_held_and_the_user_asked(search):
    item = queue(search)
    reason = held_reason(search, item.id, SLOT + timedelta(hours=8))  # slept across the slot
    assert reason == "This message missed its slot by 8 h; choose a new time or send it now."
    other = queue(search, "sre-1/second_follow_up/gil", SLOT)
    [claimed] = outbox.claim_due(search, SLOT + timedelta(hours=8), OWNER, timedelta(hours=9))
    assert claimed.id == other.id  # a longer limit (the setting)


# --- mark_sent -------------------------------------------------------------------------------


def test_mark_sent_marks_done_and_logs_the_message_id_in_one_go(search):
    item = queue(search)
    outbox.claim_due(search, SLOT, OWNER)
    sent_at = SLOT + timedelta(seconds=3)
    done = outbox.mark_sent(search, item.id, sent_at)
    assert (done.state, done.sent_at, done.reason) == ("sent", sent_at, "")
    followup = queries.get_followup(search, CHECK_IN)
    assert followup.status == FollowUpStatus.DONE and followup.done_at == sent_at
    [comm] = [c for c in queries.list_communications(search, ["globex-sre"])]
    assert done.communication == comm.id
    assert (comm.direction, comm.channel, comm.contact, comm.at) == (
        "sent",
        "email",
        "gil",
        sent_at,
    )
    assert comm.summary == "Checking in: SRE, Größe 東京"
    extra = json.loads(
        search.execute("SELECT extra FROM communications WHERE id = ?", [comm.id]).fetchone()[0]
    )
    bare = item.message_id.strip("<>")
    assert extra["mail"]["message_id"] == bare and extra["mail"]["auto"] is True
    assert extra["mail"]["followup"] == CHECK_IN
    assert outbox.mark_sent(search, item.id, sent_at + timedelta(hours=1)) == done  # once
    assert "already in the outbox (sent)" in refusal(queue, search)


def test_a_reply_to_the_sent_message_threads_to_its_application(search):
    item = queue(search)
    outbox.claim_due(search, SLOT, OWNER)
    outbox.mark_sent(search, item.id, SLOT)
    bare = item.message_id.strip("<>")
    reply = MailMessage(
        message_id="r1@globex.example",
        date=SLOT + timedelta(hours=2),
        sender="gil@globex.example",
        sender_name="Gil Grey",
        recipients=("alex@example.org",),
        subject="Re: Checking in: SRE",
        in_reply_to=bare,
        references=(bare,),
        text="Thanks Alex, news next week.",
    )
    # Gil has two applications at Globex: without the thread this would wait for review.
    assert apply_messages(search, [reply], SLOT + timedelta(hours=3), "test") == MailTally(logged=1)
    received = [
        c for c in queries.list_communications(search, ["globex-sre"]) if c.direction == "received"
    ]
    assert [c.response for c in received] == ["Thanks Alex, news next week."]
    assert not queries.list_communications(search, ["globex-pm"])
    # and the copy in the Sent folder, read back by the mail check, is not logged twice
    copy = replace(
        reply,
        message_id=bare,
        sender="alex@example.org",
        recipients=("gil@globex.example",),
        in_reply_to="",
        references=(),
    )
    assert apply_messages(search, [copy], SLOT + timedelta(hours=3), "imap") == MailTally(
        duplicates=1
    )


def test_mark_sent_is_all_or_nothing(search, monkeypatch):
    item = queue(search)
    outbox.claim_due(search, SLOT, OWNER)

    def broken(*args, **kwargs):
        raise outbox.StoreError("The disk is full.")

    monkeypatch.setattr(outbox, "mark_seen", broken)
    with pytest.raises(outbox.StoreError):
        outbox.mark_sent(search, item.id, SLOT)
    assert outbox.get_item(search, item.id).state == "sending"
    assert status(search) == FollowUpStatus.PLANNED
    assert queries.list_communications(search, ["globex-sre"]) == []


# --- stranded sends --------------------------------------------------------------------------


def stranded_item(db):
    item = queue(db)
    outbox.claim_due(db, SLOT, OWNER)
    assert [i.id for i in outbox.stranded(db)] == [item.id]
    return item


def test_stranded_found_in_the_sent_folder_is_sent(search):
    item = stranded_item(search)
    done = outbox.resolve_stranded(search, item.id, was_sent=True, now=SLOT + timedelta(minutes=1))
    assert done.state == "sent" and done.communication is not None
    assert status(search) == FollowUpStatus.DONE
    assert outbox.stranded(search) == []


def test_stranded_certainly_not_sent_is_queued_again(search):
    item = stranded_item(search)
    back = outbox.resolve_stranded(search, item.id, was_sent=False, now=SLOT)
    assert (back.state, back.claimed_by) == ("queued", None)
    assert one_sentence(back.reason)
    [again] = outbox.claim_due(search, SLOT + timedelta(minutes=1), OWNER)
    assert again.attempts == 2 and again.message_id == item.message_id  # the same Message-ID


def test_stranded_that_cannot_be_told_waits_for_the_user(search):
    item = stranded_item(search)
    held = outbox.resolve_stranded(search, item.id, was_sent=None, now=SLOT)
    assert held.state == "held"
    assert "may or may not have been sent" in held.reason and "Sent folder" in held.reason
    assert one_sentence(held.reason)
    assert status(search) == FollowUpStatus.PLANNED
    assert "cannot be resolved" in refusal(
        outbox.resolve_stranded, search, item.id, was_sent=True, now=SLOT
    )


def test_retries_are_spaced_and_a_user_chosen_time_skips_the_wait(search):
    assert [outbox.retry_wait(n).total_seconds() / 60 for n in (1, 2, 3, 4, 5, 9)] == [
        1, 2, 4, 8, 15, 15,
    ]  # fmt: skip
    item = queue(search)
    [claimed] = outbox.claim_due(search, SLOT, OWNER)
    outbox.mark_failed(search, claimed.id, "Offline.", SLOT, retry=True)
    assert outbox.claim_due(search, SLOT + timedelta(seconds=30), OWNER) == []
    assert len(outbox.claim_due(search, SLOT + timedelta(minutes=1), OWNER)) == 1
    outbox.mark_failed(search, item.id, "Offline.", SLOT + timedelta(minutes=1), retry=True)
    outbox.edit(search, item.id, send_at=SLOT + timedelta(minutes=2), now=SLOT)
    assert len(outbox.claim_due(search, SLOT + timedelta(minutes=2), OWNER)) == 1


def test_the_late_limit_setting(search):
    assert outbox.late_limit(search) == timedelta(hours=2)
    outbox.set_late_limit(search, 5)
    assert outbox.late_limit(search) == timedelta(hours=5)
    assert refusal(outbox.set_late_limit, search, 0) == (
        "The late limit must be between 0 and 48 hours."
    )
