"""MailAccount settings: defaults, and one sentence naming the field for each bad setting."""

import pytest

from followup_desktop.core.mail_account import MailAccount, MailAccountError, validate


def _account(**changes: object) -> MailAccount:
    values: dict[str, object] = {"name": "Work", "user": "alex@example.org"}
    values |= {"imap_host": "imap.example.org"}
    values |= changes
    return MailAccount(**values)  # type: ignore[arg-type]


def test_default_ports_follow_the_security() -> None:
    account = _account(imap_security="starttls", smtp_host="smtp.example.org")
    assert account.port("imap") == 143
    assert account.port("smtp") == 465
    assert _account(imap_port=1143).port("imap") == 1143


def test_sender_is_the_from_address_or_the_user() -> None:
    assert _account().sender == "alex@example.org"
    assert _account(from_addr="Alex <a@b.example>").sender == "Alex <a@b.example>"


def test_a_valid_account_comes_back_unchanged() -> None:
    account = _account(imap_host="127.0.0.1", imap_security="none", imap_port=1143)
    assert validate(account) is account


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": " "}, "needs a name"),
        ({"user": ""}, "user name"),
        ({"imap_host": None}, "IMAP server, an SMTP server"),
        ({"imap_host": "imap example.org"}, "IMAP server"),
        ({"imap_port": 70000}, "IMAP port"),
        ({"imap_security": "none"}, "only for 127.0.0.1"),
        ({"smtp_host": "smtp.example.org", "smtp_security": "tls"}, "SMTP security"),
        ({"from_addr": "nobody"}, "From address"),
    ],
)
def test_bad_settings_get_one_sentence_naming_the_field(
    changes: dict[str, object], words: str
) -> None:
    with pytest.raises(MailAccountError) as caught:
        validate(_account(**changes))
    message = str(caught.value)
    assert words in message
    assert message.endswith(".") and message.count(". ") == 0
