"""A mail's new text, auto-replies and stage cues (core/mail_reply.py) in en, de and fr."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core.mail_reply import Cue, is_auto_reply, reply_text, stage_cue

# --- reply_text: whole threads quoted by the common clients ---------------------------------

GMAIL_EN = """Hi Anna,

Thanks, Tuesday at 10 works for me. I'll bring my portfolio.

Best regards,
Bob Builder
Senior Engineer | ACME Ltd
+44 20 7946 0000

On Mon, Nov 3, 2025 at 10:00 AM Anna Example <anna@example.org> wrote:
> Hello Bob,
>
> Could you come in on Tuesday?
>
> On Fri, Oct 31, 2025 at 9:00 AM Bob Builder <bob@example.com> wrote:
>> Dear Anna, I applied for the role.
"""

GMAIL_WRAPPED_EN = """Sounds good, see you then.

On Mon, Nov 3, 2025 at 10:00 AM Anna Example with a very long display name <
anna.example@recruiting.example.org> wrote:

> Could you come in on Tuesday?
"""

OUTLOOK_EN = """Hello Anna,

Yes, I can send the references by Friday.

Kind regards
Bob

________________________________
From: Anna Example <anna@example.org>
Sent: Monday, November 3, 2025 10:00 AM
To: Bob Builder <bob@example.com>
Subject: RE: Your application

Hello Bob, could you send two references?
"""

OUTLOOK_ORIGINAL_EN = """Sure, Thursday is fine.

-----Original Message-----
From: Anna Example
Sent: Monday, November 3, 2025 10:00
To: Bob
Subject: Interview

Would Thursday work?
"""

APPLE_DE = """Hallo Frau Beispiel,

vielen Dank, der Termin am Dienstag passt mir gut.

Viele Grüße
Bob Builder

Gesendet von meinem iPhone

> Am 03.11.2025 um 10:00 schrieb Anna Beispiel <anna@example.de>:
>
> Hallo Herr Builder,
> passt Ihnen Dienstag?
"""

OUTLOOK_DE = """Guten Tag,

anbei die gewünschten Unterlagen.

Mit freundlichen Grüßen
Bob Builder

Von: Anna Beispiel <anna@example.de>
Gesendet: Montag, 3. November 2025 10:00
An: Bob Builder <bob@example.com>
Betreff: AW: Ihre Bewerbung

Könnten Sie uns Ihre Zeugnisse schicken?
"""

THUNDERBIRD_DE = """Danke, bis Dienstag!

Am 03.11.25 um 10:00 schrieb Anna Beispiel:
> Hallo Bob,
> bis Dienstag?
"""

THUNDERBIRD_FR = """Bonjour Madame,

Je vous confirme ma présence mardi à 10 h.

Cordialement,
Bob Builder

Le 03/11/2025 à 10:00, Anna Exemple a écrit :
> Bonjour,
> Pouvez-vous venir mardi ?
"""

OUTLOOK_FR = """Bonjour,

Oui, mardi me convient.

Bien à vous,
Bob

De : Anna Exemple <anna@example.fr>
Envoyé : lundi 3 novembre 2025 10:00
À : Bob Builder <bob@example.com>
Objet : RE: Votre candidature

Bonjour, seriez-vous disponible mardi ?
"""

APPLE_FR = """Parfait, merci beaucoup pour votre retour rapide.

Envoyé de mon iPhone

> Le 3 nov. 2025 à 10:00, Anna Exemple <anna@example.fr> a écrit :
>
> Bonjour, voici le lien.
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (GMAIL_EN, "Hi Anna,\n\nThanks, Tuesday at 10 works for me. I'll bring my portfolio."),
        (GMAIL_WRAPPED_EN, "Sounds good, see you then."),
        (OUTLOOK_EN, "Hello Anna,\n\nYes, I can send the references by Friday."),
        (OUTLOOK_ORIGINAL_EN, "Sure, Thursday is fine."),
        (APPLE_DE, "Hallo Frau Beispiel,\n\nvielen Dank, der Termin am Dienstag passt mir gut."),
        (OUTLOOK_DE, "Guten Tag,\n\nanbei die gewünschten Unterlagen."),
        (THUNDERBIRD_DE, "Danke, bis Dienstag!"),
        (THUNDERBIRD_FR, "Bonjour Madame,\n\nJe vous confirme ma présence mardi à 10 h."),
        (OUTLOOK_FR, "Bonjour,\n\nOui, mardi me convient."),
        (APPLE_FR, "Parfait, merci beaucoup pour votre retour rapide."),
    ],
    ids=[
        "gmail-en",
        "gmail-wrapped-header-en",
        "outlook-en",
        "outlook-original-message-en",
        "apple-de",
        "outlook-de",
        "thunderbird-de",
        "thunderbird-fr",
        "outlook-fr",
        "apple-fr",
    ],
)
def test_the_reply_keeps_only_the_new_text_of_a_quoted_thread(body: str, expected: str) -> None:
    assert reply_text(body) == expected


def test_a_line_starting_with_thanks_is_text_not_a_signature() -> None:
    # mail-parser-reply alone would cut everything after "Thanks," and keep only "Hi Anna,".
    body = "Hi Anna,\n\nThanks, I'll be there Tuesday.\nSee you!\n"
    assert reply_text(body) == "Hi Anna,\n\nThanks, I'll be there Tuesday.\nSee you!"


def test_a_short_thank_you_alone_is_kept() -> None:
    assert reply_text("Thank you!\n") == "Thank you!"
    assert reply_text("Merci,\nBob\n\n\n") == "Merci,\nBob"


def test_the_dash_dash_signature_is_dropped_and_trailing_blank_lines_collapse() -> None:
    body = "Confirmed for Monday, see you there.\n\n\n\n-- \nBob Builder\nhttps://bob.example\n\n\n"
    assert reply_text(body) == "Confirmed for Monday, see you there."


def test_a_long_paragraph_after_a_closing_is_not_taken_for_a_signature() -> None:
    long_line = "P.S. " + "I also wanted to add that the portfolio link has changed. " * 3
    body = f"Hello,\n\nSee you Monday.\n\nBest regards,\nBob\n\n{long_line.strip()}\n"
    assert reply_text(body).endswith("the portfolio link has changed.")


def test_bottom_quoting_without_a_header_is_dropped() -> None:
    assert reply_text("Yes, that works.\n\n> Does Tuesday work?\n> Anna\n") == "Yes, that works."


def test_answers_written_between_quoted_lines_are_kept() -> None:
    body = (
        "On Mon, 3 Nov 2025, Anna wrote:\n"
        "> Can you come on Tuesday?\n"
        "Yes, at ten.\n"
        "> And bring references?\n"
        "I will bring two.\n"
    )
    assert reply_text(body) == "Yes, at ten.\nI will bring two."


def test_a_bare_forward_and_an_empty_body_have_no_new_text() -> None:
    assert reply_text("") == ""
    assert reply_text("  \n\n \r\n") == ""
    assert reply_text("-----Original Message-----\nFrom: Anna\nSent: Monday\n\nHello\n") == ""
    assert reply_text("> only\n> quoted\n") == ""


def test_windows_line_endings_and_plain_text_without_a_thread() -> None:
    assert reply_text("Hello Anna,\r\n\r\nI accept.\r\n\r\n") == "Hello Anna,\n\nI accept."


def test_a_sentence_that_merely_starts_with_on_is_not_a_thread_header() -> None:
    body = "On Tuesday I can come at ten.\nOn Wednesday I am away."
    assert reply_text(body) == body


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "> quoted",
                    "On Mon, Anna wrote:",
                    "Am 3. Nov. schrieb Anna:",
                    "Le 3 nov., Anna a écrit :",
                    "-----Original Message-----",
                    "From: a",
                    "Sent: b",
                    "Von: a",
                    "Gesendet: b",
                    "De : a",
                    "Envoyé : b",
                    "Best regards,",
                    "-- ",
                    "",
                    "_" * 32,
                ]
            ),
        ),
        max_size=12,
    )
)
def test_reply_text_never_raises_and_never_grows(lines: list[str]) -> None:
    body = "\n".join(lines)
    result = reply_text(body)
    assert len(result) <= len(body)
    assert result == result.rstrip("\n")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=80))
def test_plain_text_without_markers_is_never_emptied(words: str) -> None:
    text = "".join(ch for ch in words if ch.isalnum() or ch == " ").strip()
    if not text:
        return
    assert reply_text(f"{text}\n\n") == text


# --- is_auto_reply ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Out of Office: Your application",
        "Automatic reply: Interview on Tuesday",
        "Auto: Ihre Bewerbung",
        "AW: Abwesenheitsnotiz: Ihre Bewerbung",
        "Automatische Antwort: Ihre Nachricht",
        "Außer Haus bis 10. November",
        "Ausser Haus",
        "Absence du bureau",
        "Réponse automatique : votre candidature",
        "Message d’absence",
        "RE: Out of the office until Monday",
    ],
)
def test_out_of_office_subjects_in_three_languages_are_automatic(subject: str) -> None:
    assert is_auto_reply(subject, "", "", "")


def test_a_german_out_of_office_with_rfc_3834_headers_is_automatic() -> None:
    assert is_auto_reply("Ich bin bis 10.11. nicht im Büro", "auto-replied", "", "")
    assert is_auto_reply("Ihre Nachricht", "Auto-Generated (vacation)", "", "")
    assert is_auto_reply("Ihre Nachricht", "", "yes", "")


def test_a_newsletter_with_precedence_bulk_or_a_list_id_is_automatic() -> None:
    assert is_auto_reply("Our November newsletter", "", "", "bulk")
    assert is_auto_reply("Jobs this week", "", "", "List")
    assert is_auto_reply("Jobs this week", "", "", "", "<jobs.example.org>")
    assert is_auto_reply("Notre lettre", "", "", "junk")
    assert is_auto_reply("Hors bureau", "", "", "auto_reply")


@pytest.mark.parametrize(
    ("subject", "auto_submitted", "x_autoreply", "precedence"),
    [
        ("Re: Your application", "no", "", ""),
        ("RE: Interview next week", "", "", ""),
        ("AW: Ihre Bewerbung als Entwicklerin", "No", "", ""),
        ("RE: Votre candidature", "", "no", ""),
        ("Automotive engineer role", "", "", ""),
        ("Office hours and the offer to chat", "", "", "first-class"),
        ("Re: Termin außerhalb der Bürozeiten", "", "", ""),
        ("Absences de l'équipe et planning", "", "", ""),
    ],
)
def test_a_person_s_reply_is_not_automatic(
    subject: str, auto_submitted: str, x_autoreply: str, precedence: str
) -> None:
    assert not is_auto_reply(subject, auto_submitted, x_autoreply, precedence)


# --- stage_cue -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Thank you for your time. We have decided to move forward with other candidates.",
            "en",
        ),
        ("Unfortunately, we will not be moving forward with your application.", "en"),
        ("Unfortunately we won't be moving forward at this time.", "en"),
        ("We regret to inform you that the position has been offered elsewhere.", "en"),
        ("Your application has been unsuccessful on this occasion.", "en"),
        (
            "Sehr geehrter Herr Builder, leider haben wir uns für einen anderen Kandidaten "
            "entschieden.",
            "de",
        ),
        ("Leider müssen wir Ihnen eine Absage erteilen.", "de"),
        ("Absage zu Ihrer Bewerbung als Entwickler", "de"),
        ("Wir müssen Ihnen leider mitteilen, dass wir Sie nicht berücksichtigen können.", "de"),
        ("Nous avons le regret de vous informer que votre profil n'a pas été retenu.", "fr"),
        ("Nous ne donnerons pas suite à votre candidature.", "fr"),
        ("Après réflexion, nous avons retenu une autre candidature.", "fr"),
    ],
)
def test_rejections_in_three_languages(text: str, language: str) -> None:
    cue = stage_cue(text)
    assert cue is not None
    assert (cue.kind, cue.language) == ("rejection", language)
    assert cue.words and cue.words.lower() in " ".join(text.split()).lower()


def test_a_german_rejection_names_the_words_that_matched() -> None:
    text = "Hallo Bob,\nleider haben wir uns\nfür einen anderen Kandidaten entschieden.\nGruß"
    assert stage_cue(text) == Cue(
        kind="rejection",
        words="leider haben wir uns für einen anderen Kandidaten entschieden",
        language="de",
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We are pleased to offer you the position of Senior Engineer.", "en"),
        ("Please find attached your offer letter.", "en"),
        ("We'd be delighted to offer you a full-time role on the team.", "en"),
        ("Wir freuen uns, Ihnen die Stelle als Entwicklerin anbieten zu können.", "de"),
        ("Anbei erhalten Sie unser Vertragsangebot.", "de"),
        ("Nous sommes heureux de vous proposer le poste de développeur.", "fr"),
        ("Veuillez trouver ci-joint votre promesse d’embauche.", "fr"),
    ],
)
def test_offers_in_three_languages(text: str, language: str) -> None:
    cue = stage_cue(text)
    assert cue is not None
    assert (cue.kind, cue.language) == ("offer", language)


def test_a_french_offer() -> None:
    cue = stage_cue("Bonjour, nous sommes ravis de vous proposer un CDI à compter du 1er mars.")
    assert cue == Cue(kind="offer", words="ravis de vous proposer un CDI", language="fr")


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for the offer to chat, Tuesday works.",
        "We are pleased to offer you an interview for the position.",
        "Thanks for the offer letter template you shared.",
        "The reviewer rejected the pull request, so I will resubmit.",
        "Our system may reject attachments larger than 10 MB.",
        "We regret to inform you that the interview must be rescheduled.",
        "Unfortunately I am not free on Tuesday, moving forward let's use Zoom.",
        "Wir freuen uns, Ihnen ein Vorstellungsgespräch anbieten zu können.",
        "Leider müssen wir den Termin verschieben.",
        "Die Absage des Termins am Montag tut mir leid.",
        "Wir haben ein interessantes Angebot für Sie: ein Gespräch am Montag.",
        "Nous sommes heureux de vous proposer un entretien pour le poste.",
        "Nous avons le regret de vous informer que l'entretien est reporté.",
        "Merci pour votre offre de discuter mardi.",
        "",
    ],
)
def test_near_misses_suggest_nothing(text: str) -> None:
    assert stage_cue(text) is None


def test_a_rejection_that_also_says_something_kind_is_a_rejection() -> None:
    text = (
        "We regret to inform you that we have decided to move forward with other candidates. "
        "We would be pleased to offer you a place in our talent pool for a future role."
    )
    cue = stage_cue(text)
    assert cue is not None
    assert cue.kind == "rejection"
