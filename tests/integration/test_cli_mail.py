"""`mail` on the command line: .eml, .mbox and .msg files made here imported into a job search,
counts printed (--json), each message once, unrelated mail nowhere in the file, the review list,
accounts without a password anywhere but the keyring, and a --demo that never reaches a server."""

from __future__ import annotations

import io
import json
import mailbox
import struct
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from followup_desktop.cli import main as cli
from followup_desktop.services.mail import check, credentials
from followup_desktop.services.mail.imap_fetch import MailCheckError
from followup_desktop.store.mail_apply import MailTally
from tests.builders import NOW, sample_document, write_json

GERMAN_REJECTION = (
    "Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten entschieden "
    "haben."
)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(cli, "now_utc", lambda: NOW)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_file(tmp_path, capsys) -> Path:
    """The interchange example (Acme, Dana, acme-be), with Acme's mail domain given."""
    document = sample_document()
    document["companies"][0]["mail_domains"] = ["@Acme.example"]
    path = tmp_path / "jobs.sqlite3"
    code, _, err = run(
        capsys, "--db", str(path), "import", str(write_json(tmp_path / "j.json", document))
    )
    assert code == 0, err
    return path


def message(n: int, sender: str, subject: str, text: str, **headers: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "Alex Morgan <alex@example.org>"
    mail["Subject"] = subject
    mail["Date"] = "Sat, 21 Nov 2026 10:00:00 +0000"
    mail["Message-ID"] = f"<cli-{n}@example>"
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(text)
    return mail


def write_msg(path: Path) -> None:
    """A minimal Outlook .msg (MS-OXMSG): a reply from Dana, built with extract_msg's writer."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    submitted = datetime(2026, 11, 21, 9, 15, tzinfo=UTC)
    filetime = int((submitted.timestamp() + 11_644_473_600) * 10_000_000)
    header = b"\0" * 8 + struct.pack("<IIII", 0, 0, 0, 0) + b"\0" * 8
    writer.addEntry(
        "__properties_version1.0", header + struct.pack("<IIQ", 0x00390040, 6, filetime)
    )
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    strings = {
        "001A": "IPM.Note",
        "0037": "Re: Next steps",
        "1000": "Happy to set up the next round.\r\nDana",
        "0C1F": "dana@acme.example",
        "0C1A": "Dana Lee",
        "0E04": "alex@example.org",
        "1035": "<outlook-1@acme.example>",
        "007D": "From: Dana Lee <dana@acme.example>\r\nTo: alex@example.org\r\n"
        "Message-ID: <outlook-1@acme.example>\r\n\r\n",
    }
    for property_id, value in strings.items():
        writer.addEntry(f"__substg1.0_{property_id}001F", value.encode("utf-16-le"))
    writer.write(str(path))


@pytest.fixture
def mail_files(tmp_path) -> list[Path]:
    reply = tmp_path / "reply.eml"
    reply.write_bytes(
        message(
            1, "Dana Lee <dana@acme.example>", "Re: Thanks", "Thanks, we will decide soon."
        ).as_bytes()
    )
    box = mailbox.mbox(tmp_path / "Inbox.mbox")
    box.add(message(2, "Black Friday <news@shop.example>", "Black Friday deals", "Sale!"))
    box.add(
        message(
            3, "dana@acme.example", "Out of office", "Back Monday.", Auto_Submitted="auto-replied"
        )
    )
    box.add(message(4, "dana@acme.example", "Ihre Bewerbung", GERMAN_REJECTION))
    box.add(message(5, "Priya Shah <priya@acme.example>", "Hello from Acme", "I will coordinate."))
    box.flush()
    box.close()
    outlook = tmp_path / "next.msg"
    write_msg(outlook)
    return [reply, tmp_path / "Inbox.mbox", outlook]


def test_mail_import_logs_reviews_ignores_and_dedupes(capsys, db_file, mail_files):
    code, out, err = run(
        capsys, "--db", str(db_file), "mail", "import", "--json", *map(str, mail_files)
    )
    assert code == 0, err
    # logged: the reply, the German rejection, the .msg; review: its stage, Priya
    assert json.loads(out) == {"logged": 3, "review": 2, "ignored": 2, "duplicates": 0}
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "import", *map(str, mail_files))
    assert (code, out.strip()) == (0, "No new mail for your search.")
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "import", "--json", str(mail_files[0]))
    assert json.loads(out) == MailTally(duplicates=1).as_json()

    code, out, _ = run(capsys, "--db", str(db_file), "mail", "review", "--json")
    items = json.loads(out)
    assert sorted((i["kind"], i["sender"]) for i in items) == [
        ("match", "priya@acme.example"),
        ("stage", "dana@acme.example"),
    ]
    stage = next(i for i in items if i["kind"] == "stage")
    assert stage["suggestion"] == "rejected"
    assert stage["candidates"] == [
        {"application": "acme-be", "label": "Acme Corp · Backend Engineer"}
    ]
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "review")
    assert code == 0 and "priya@acme.example" in out and "acme-be: Acme Corp" in out

    code, out, _ = run(capsys, "--db", str(db_file), "export", str(db_file.parent / "out.json"))
    exported = json.loads((db_file.parent / "out.json").read_text(encoding="utf-8"))
    assert exported["companies"][0]["mail_domains"] == ["acme.example"]
    logged = [c for c in exported["communications"] if "mail" in c]
    assert {c["mail"]["message_id"] for c in logged} == {
        "cli-1@example",
        "cli-4@example",
        "outlook-1@acme.example",
    }


def test_unrelated_mail_is_nowhere_in_the_database(capsys, db_file, mail_files):
    run(capsys, "--db", str(db_file), "mail", "import", *map(str, mail_files))
    stored = b"".join(p.read_bytes() for p in db_file.parent.glob("jobs.sqlite3*"))
    assert b"Black Friday" not in stored and b"cli-2@example" not in stored
    assert b"Ihre Bewerbung" in stored  # what belongs to the search is kept


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "The mail file is empty."),
        (b"just text, no headers\n", "not a mail message"),
    ],
)
def test_a_bad_mail_file_is_bad_input(capsys, db_file, tmp_path, content, words):
    bad = tmp_path / "bad.eml"
    bad.write_bytes(content)
    code, _, err = run(capsys, "--db", str(db_file), "mail", "import", str(bad))
    assert code == 2 and words in err and err.count("\n") == 1


def test_a_missing_or_unknown_file_is_bad_input(capsys, db_file, tmp_path):
    code, _, err = run(capsys, "--db", str(db_file), "mail", "import", str(tmp_path / "none.eml"))
    assert code == 2 and "there is no such file" in err
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run(capsys, "--db", str(db_file), "mail", "import", str(tmp_path / "notes.txt"))
    assert code == 2 and "is not a mail file (.eml, .mbox or .msg)" in err


def test_a_bad_mail_domain_in_an_interchange_file(capsys, tmp_path):
    document = sample_document()
    document["companies"][0]["mail_domains"] = ["acme example"]
    code, _, err = run(
        capsys,
        "--db",
        str(tmp_path / "x.sqlite3"),
        "import",
        str(write_json(tmp_path / "j.json", document)),
    )
    assert code == 2 and "mail_domains[0]" in err and "not a mail domain" in err


def test_account_list_without_accounts(capsys, db_file):
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "account", "list")
    assert code == 0 and "No mail accounts yet" in out
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "account", "list", "--json")
    assert json.loads(out) == []


# --- accounts and check (services/mail) ---------------------------------------------------------


@pytest.fixture
def keyring(monkeypatch) -> dict[str, str]:
    """The credentials store as a dict: the tests never touch a real keyring."""
    stored: dict[str, str] = {}
    monkeypatch.setattr(credentials, "set_password", lambda a, p: stored.__setitem__(a, p) or True)
    monkeypatch.setattr(credentials, "get_password", lambda a: stored.get(a))
    monkeypatch.setattr(credentials, "forget_password", lambda a: stored.pop(a, None))
    return stored


def add_account(capsys, monkeypatch, db_file: Path, *extra: str, password: str = "s3cret\n"):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password))
    return run(
        capsys,
        "--db",
        str(db_file),
        "mail",
        "account",
        "add",
        "Work",
        "--user",
        "alex@example.org",
        *extra,
        "--password-stdin",
    )


def test_account_add_list_remove_keeps_the_password_out_of_the_file(
    capsys, monkeypatch, db_file, keyring
):
    code, out, err = add_account(
        capsys, monkeypatch, db_file, "--imap-host", "imap.example.org", "--imap-port", "1993"
    )
    assert code == 0, err
    assert "password is in the system keyring" in out
    assert keyring == {"Work": "s3cret"}
    assert b"s3cret" not in b"".join(p.read_bytes() for p in db_file.parent.glob("jobs.sqlite3*"))
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "account", "list", "--json")
    [account] = json.loads(out)
    assert (
        account["name"],
        account["imap_port"],
        account["imap_security"],
        account["smtp_host"],
    ) == (
        "Work",
        1993,
        "ssl",
        None,
    )
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "account", "list")
    assert "IMAP imap.example.org:1993 (ssl)" in out and "not checked yet" in out
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "account", "remove", "Work")
    assert code == 0 and keyring == {}
    code, _, err = run(capsys, "--db", str(db_file), "mail", "account", "remove", "Work")
    assert code == 2 and "There is no mail account 'Work'." in err


@pytest.mark.parametrize(
    ("extra", "password", "words"),
    [
        (
            ("--imap-host", "imap.example.org", "--imap-security", "none"),
            "x\n",
            "only for 127.0.0.1",
        ),
        (
            ("--imap-host", "imap.example.org", "--imap-security", "tls"),
            "x\n",
            "ssl, starttls or none",
        ),
        ((), "x\n", "Give an IMAP server, an SMTP server, or both."),
        (("--imap-host", "imap.example.org"), "\n", "The password on standard input is empty."),
    ],
)
def test_account_add_bad_input(capsys, monkeypatch, db_file, keyring, extra, password, words):
    code, _, err = add_account(capsys, monkeypatch, db_file, *extra, password=password)
    assert code == 2 and words in err
    assert keyring == {}


def test_account_add_needs_password_stdin(capsys, db_file, keyring):
    code, _, err = run(
        capsys,
        "--db",
        str(db_file),
        "mail",
        "account",
        "add",
        "W",
        "--user",
        "u",
        "--imap-host",
        "h.example",
    )
    assert code == 2 and "--password-stdin" in err


def test_check_prints_the_tally_and_fails_with_one_sentence(capsys, monkeypatch, db_file, keyring):
    add_account(capsys, monkeypatch, db_file, "--imap-host", "127.0.0.1", "--imap-security", "none")
    calls = []

    def fake(db, name, password, now):
        calls.append((name, password, now))
        return MailTally(logged=2, review=1)

    monkeypatch.setattr(check, "check_account", fake)
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "check", "--json")
    assert (code, json.loads(out)) == (0, {"logged": 2, "review": 1, "ignored": 0, "duplicates": 0})
    assert calls == [("Work", "s3cret", NOW)]
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "check", "Work")
    assert out.strip() == "2 replies logged, 1 waits for review."

    def offline(db, name, password, now):
        raise MailCheckError("The mail server 127.0.0.1 cannot be reached (offline?).")

    monkeypatch.setattr(check, "check_account", offline)
    code, _, err = run(capsys, "--db", str(db_file), "mail", "check")
    assert code == 1 and "Work: The mail server 127.0.0.1 cannot be reached" in err
    code, _, err = run(capsys, "--db", str(db_file), "mail", "check", "Other")
    assert code == 2 and "There is no mail account 'Other'." in err
    keyring.clear()
    code, _, err = run(capsys, "--db", str(db_file), "mail", "check")
    assert code == 2 and "No password is stored" in err


def test_a_demo_never_reaches_a_server_or_the_keyring(capsys, monkeypatch, keyring):
    monkeypatch.setattr(check, "check_account", lambda *a: pytest.fail("a demo reached a server"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("pw\n"))
    code, out, _ = run(
        capsys,
        "--demo",
        "mail",
        "account",
        "add",
        "W",
        "--user",
        "u@x.example",
        "--imap-host",
        "127.0.0.1",
        "--imap-security",
        "none",
        "--password-stdin",
    )
    assert code == 0 and "not stored" in out and keyring == {}
    code, _, err = run(capsys, "--demo", "mail", "check")
    assert code == 2 and "--demo database never reaches a mail server" in err


def test_check_of_an_unreachable_server_records_one_sentence_and_backs_off(
    capsys, monkeypatch, db_file, keyring
):
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    add_account(
        capsys,
        monkeypatch,
        db_file,
        "--imap-host",
        "127.0.0.1",
        "--imap-port",
        str(port),
        "--imap-security",
        "none",
    )
    code, out, err = run(capsys, "--db", str(db_file), "mail", "check", "--json")
    assert code == 1 and err.startswith("Work: ") and err.count("\n") == 1
    assert json.loads(out) == MailTally().as_json()
    code, out, _ = run(capsys, "--db", str(db_file), "mail", "account", "list", "--json")
    [account] = json.loads(out)
    assert account["failures"] == 1 and account["last_error"] == err.strip()[len("Work: ") :]
    assert account["next_try"] is not None
