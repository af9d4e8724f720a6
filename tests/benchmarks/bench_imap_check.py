"""A mail check of an unchanged mailbox on loopback (services/mail/check.check_account).

    python tests/benchmarks/bench_imap_check.py [--inbox 2000] [--sent 300] [--runs 21]

Starts a throwaway Dovecot on 127.0.0.1 (tests/servers/dovecot.py: needs dovecot-imapd and
root), fills INBOX and Sent (1 % of the messages from a contact of the search), imports a
generated job search of 200 applications, runs one first check (everything read), then times
checks that find nothing new, in this process as the app's timer runs them every 5 minutes:
- the whole check (prepare: read the database; fetch: connect, LOGIN, LIST, one STATUS per
  folder, LOGOUT; apply: record the check), without TLS and over TLS (the test certificate
  trusted through SSL_CERT_FILE);
- the floor: the same protocol steps with bare imaplib, no app code, measured in the same run
  (this check has no Qt in it, so its floor is the server's, not a bare Qt widget's).
Budget (issue 17): an unchanged mailbox is checked in < 300 ms on loopback. Asserts nothing.
"""

from __future__ import annotations

import argparse
import imaplib
import os
import random
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import REPO, fmt_s, job_search

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.servers.dovecot import Dovecot, Mailbox, skip_reason

BUDGET_S = 0.300
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
ACCOUNT = "Bench"


def messages(count: int, contact: str, user: str, sent: bool) -> Iterator[tuple[bytes, datetime]]:
    """``count`` messages over the last 60 days; every 100th from (or to) ``contact``."""
    rng = random.Random(count + sent)
    for n in range(count):
        at = NOW - timedelta(minutes=rng.randint(60, 60 * 24 * 60))
        known = n % 100 == 0
        message = EmailMessage()
        other = contact if known else f"someone{n}@elsewhere.example"
        message["From"], message["To"] = (user, other) if sent else (other, user)
        message["Subject"] = f"{'Re: ' if known else ''}message {n}"
        message["Date"] = at.strftime("%a, %d %b %Y %H:%M:%S +0000")
        message["Message-ID"] = f"<bench-{'s' if sent else 'i'}{n}@bench.example>"
        message.set_content("Thanks, we will get back to you. " * rng.randint(2, 40))
        yield message.as_bytes(), at


def build(path: Path, box: Mailbox, inbox: int, sent: int, port: int) -> tuple[object, int]:
    """The database (a generated search, the account) and the mailbox filled; (db, relevant)."""
    from followup_desktop.core.interchange import parse_document
    from followup_desktop.core.mail_account import MailAccount
    from followup_desktop.core.model import Profile
    from followup_desktop.store import mail_accounts, writes
    from followup_desktop.store.open import open_store
    from followup_desktop.store.transfer import import_document, known_ids

    db = open_store(path)
    import_document(db, parse_document(job_search(200, NOW), "generated", known_ids(db)), NOW)
    writes.save_profile(db, Profile(name="Alex", email="alex@example.org"), NOW)
    [contact] = db.execute(
        "SELECT email FROM contacts WHERE coalesce(email, '') LIKE '%@%' ORDER BY id LIMIT 1"
    ).fetchone()
    account = MailAccount(
        ACCOUNT, box.user, "127.0.0.1", port, "none", from_addr="alex@example.org"
    )
    mail_accounts.save_account(db, account)
    box.append_many("INBOX", messages(inbox, contact, "alex@example.org", sent=False))
    box.append_many("Sent", messages(sent, contact, "alex@example.org", sent=True))
    return db, len(range(0, inbox, 100)) + len(range(0, sent, 100))


def timed(action: Callable[[], object], runs: int) -> list[float]:
    action()  # warm: imports, the CA bundle, the server's processes
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        spent.append(time.perf_counter() - started)
    return spent


def bare_session(box: Mailbox, tls: bool) -> Callable[[], None]:
    """The same protocol steps as an unchanged check, with bare imaplib (the floor)."""
    server = box.server

    def session() -> None:
        if tls:
            imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                server.host, server.tls_port, ssl_context=ssl.create_default_context(), timeout=20
            )
        else:
            imap = imaplib.IMAP4(server.host, server.port, timeout=20)
        imap.login(box.user, box.password)
        imap.list('""', "*")
        for folder in ('"Sent"', "INBOX"):
            imap.status(folder, "(UIDVALIDITY UIDNEXT)")
        imap.logout()

    return session


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", type=int, default=2000)
    parser.add_argument("--sent", type=int, default=300)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    reason = skip_reason(tls=True)
    if reason is not None:
        print(f"skipped: {reason}")
        return 0

    from followup_desktop.services.mail import check
    from followup_desktop.store import mail_accounts

    with Dovecot.running(tls=True) as server, tempfile.TemporaryDirectory() as tmp:
        box = server.fresh_mailbox()
        started = time.perf_counter()
        db, relevant = build(Path(tmp) / "bench.sqlite3", box, args.inbox, args.sent, server.port)
        built = time.perf_counter() - started
        print(
            f"mailbox: {args.inbox:,} in INBOX, {args.sent:,} in Sent ({relevant} from or to a "
            f"contact); a search of 200 applications; built in {built:.1f} s"
        )
        started = time.perf_counter()
        first = check.check_account(db, ACCOUNT, box.password, NOW)
        print(f"first check (everything read): {time.perf_counter() - started:.2f} s, {first}")

        def unchanged() -> None:
            tally = check.check_account(db, ACCOUNT, box.password, NOW)
            assert tally.as_json() == {"logged": 0, "review": 0, "ignored": 0, "duplicates": 0}

        plan = check.prepare(db, ACCOUNT, NOW)
        phases = {
            "prepare (database reads)": timed(lambda: check.prepare(db, ACCOUNT, NOW), args.runs),
            "fetch (the network part)": timed(lambda: check.fetch(plan, box.password), args.runs),
            "apply (nothing new: record the check)": timed(
                lambda: check.apply(db, ACCOUNT, [], NOW), args.runs
            ),
        }
        plain = timed(unchanged, args.runs)
        floor = timed(bare_session(box, tls=False), args.runs)
        os.environ["SSL_CERT_FILE"] = str(server.cert_file)  # trust the test certificate
        account = mail_accounts.get_account(db, ACCOUNT)
        assert account is not None
        mail_accounts.save_account(
            db, replace(account, imap_port=server.tls_port, imap_security="ssl")
        )
        secure = timed(unchanged, args.runs)
        secure_floor = timed(bare_session(box, tls=True), args.runs)
        db.close()  # type: ignore[attr-defined]

    med = statistics.median
    print()
    print(
        f"{'unchanged mailbox, in process':<46}{'median':>12}{'max':>12}{'budget':>8}{'x floor':>9}"
    )
    rows = [
        ("check_account, no TLS", plain, BUDGET_S, floor),
        *((f"  {name}", values, None, None) for name, values in phases.items()),
        ("check_account, TLS (port 993 style)", secure, BUDGET_S, secure_floor),
        ("floor: bare imaplib, no TLS", floor, None, None),
        ("floor: bare imaplib, TLS", secure_floor, None, None),
    ]
    for label, values, budget, base in rows:
        ratio = f"{med(values) / budget:>8.2f}" if budget else f"{'':>8}"
        times = f"{med(values) / med(base):>8.1f}x" if base else ""
        print(f"{label:<46}{fmt_s(med(values)):>12}{fmt_s(max(values)):>12}{ratio}{times}")
    print(
        f"\n{args.runs} runs each after a warm-up. budget column: median / {BUDGET_S * 1000:.0f} "
        "ms (< 1 is within it); x floor: against bare imaplib doing the same LOGIN, LIST, two "
        "STATUS and LOGOUT on the same server, measured above."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
