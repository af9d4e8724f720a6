"""A sender process for the kill tests of tests/integration/test_outbox_kill.py:

    python -m tests.integration.outbox_child DB STEP NOW PASSWORD

runs one ``outbox send-due`` round (services/mail/outbox_send.send_due) on DB at NOW and kills
itself with SIGKILL at STEP: ``before-data`` (logged in, the message not yet handed over),
``after-data`` (the SMTP server accepted it, no Sent copy, nothing written), ``after-copy``
(the copy is in Sent, nothing written) or ``after-write`` (mark_sent committed); ``none`` runs
to the end. Nothing of the process is cleaned up: that is the point.
"""

from __future__ import annotations

import os
import signal
import smtplib
import sys
from datetime import datetime

from followup_desktop.services.mail import outbox_send, smtp_send
from followup_desktop.store import outbox
from followup_desktop.store.open import open_store


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _after(function, step: str):
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        _die()
        return result

    return wrapper


def main(db_file: str, step: str, now_text: str, password: str) -> None:
    if step == "before-data":
        smtplib.SMTP.data = lambda self, msg: _die()  # type: ignore[method-assign,assignment]
    elif step == "after-data":
        smtplib.SMTP.data = _after(smtplib.SMTP.data, step)  # type: ignore[method-assign]
    elif step == "after-copy":
        smtp_send.append_sent_copy = _after(smtp_send.append_sent_copy, step)
    elif step == "after-write":
        outbox.mark_sent = _after(outbox.mark_sent, step)
    db = open_store(db_file)
    now = datetime.fromisoformat(now_text)
    report = outbox_send.send_due(db, now, lambda name: password, outbox_send.owner_name())
    print(report.sentence())


if __name__ == "__main__":
    main(*sys.argv[1:5])
