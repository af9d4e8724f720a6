"""Exactly once when the sender is killed (issue 18): a child process sends the outbox through
the real SMTP server (STARTTLS, AUTH) with its Sent copy on the real Dovecot, and SIGKILLs
itself before DATA, after DATA, after the Sent copy, or after the database write; then the app
starts again and sends what is due. Over 32 runs, the SMTP server (which stores every message
before it answers) never received a message twice, and no message is lost: it is sent (and
recorded as sent only when the server has it) or held for the user with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.core.model import FollowUpStatus
from followup_desktop.services.mail import outbox_send
from followup_desktop.store import outbox, queries
from followup_desktop.store.open import open_store
from tests.integration.test_outbox_send import CHECK_IN, SLOT, add_account, queue, search  # noqa: F401
from tests.servers.dovecot import USER

REPO = Path(__file__).resolve().parents[2]
RUNS_PER_STEP = 8
#: What each step leaves after the restart: (delivered, state), and the reason of a held one.
EXPECTED = {
    "before-data": (0, "held"),
    "after-data": (1, "held"),
    "after-copy": (1, "sent"),
    "after-write": (1, "sent"),
    "none": (1, "sent"),
}


@pytest.fixture
def template(search, smtp, dovecot_server, db_path):  # noqa: F811
    """A database with one message queued for SLOT, sent by alex (the same login on both
    servers), closed so each run copies it."""
    box = dovecot_server.mailbox(USER)
    add_account(search, smtp, box)
    queue(search)
    search.close()
    return db_path


def run_child(db_file: Path, step: str, now) -> int:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.outbox_child", str(db_file), step,
         now.isoformat(), "s3cret"],
        cwd=REPO, env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    return done.returncode


@pytest.mark.parametrize("step", list(EXPECTED))
def test_a_sender_killed_at_each_step_never_sends_twice_and_loses_nothing(
    step, template, smtp, tmp_path
):
    runs = RUNS_PER_STEP if step != "none" else 1
    delivered_total = 0
    for run in range(runs):
        db_file = tmp_path / f"run-{run}.sqlite3"
        shutil.copy(template, db_file)
        before = len(smtp.received())
        code = run_child(db_file, step, SLOT + timedelta(minutes=run))
        assert code == (-9 if step != "none" else 0), f"{step} run {run}: exit {code}"
        # the app starts again a minute later and sends what is due
        db = open_store(db_file)
        try:
            at = SLOT + timedelta(minutes=run + 1)
            report = outbox_send.send_due(db, at, lambda name: "s3cret", "restarted-app")
            report = outbox_send.send_due(db, at + timedelta(minutes=10), lambda n: "s3cret", "x")
            [item] = outbox.list_items(db)
            delivered = len(smtp.received()) - before
            assert (delivered, item.state) == EXPECTED[step], f"{step} run {run}: {item.reason}"
            followup = queries.get_followup(db, CHECK_IN)
            if item.state == "sent":
                assert followup.status == FollowUpStatus.DONE and item.communication
            else:
                assert item.reason == outbox.UNKNOWN_SENT  # the user is told, and decides
                assert followup.status != FollowUpStatus.DONE
            del report
        finally:
            db.close()
        delivered_total += delivered
    assert delivered_total == runs * EXPECTED[step][0]
