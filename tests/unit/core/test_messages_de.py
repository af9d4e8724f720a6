"""The German built-ins and the German checks: formal "Sie", German letter conventions, and the
phrase lists of core/message_check_phrases_de.py (the English rules are in
test_messages_builtins.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.core import messages
from followup_desktop.core.message_check_phrases_de import (
    GERMAN,
    GERMAN_COMPETING_OFFER,
    GERMAN_DU,
    GERMAN_GREETINGS,
    GERMAN_TEXT_SPEAK,
    german_to_you,
)
from followup_desktop.core.message_checks import (
    CheckInput,
    apply_fixes,
    check_message,
    word_count,
)
from followup_desktop.core.model import InterviewNotes, TemplateKind
from tests.builders import NOW
from tests.message_cases import CASES, builtins_in, demo_in_memory

DE = builtins_in("de")
CLOSING = "Mit freundlichen Grüßen"


@pytest.fixture(scope="module")
def demo():
    with demo_in_memory() as database:
        yield database


def facts(demo, case, **contact_changes):
    from followup_desktop.store.templates_store import facts_for

    f = replace(facts_for(demo, *case, NOW), language="de")
    if contact_changes and f.contact is not None:
        f = replace(f, contact=replace(f.contact, **contact_changes))
    return f


def test_every_kind_has_a_german_builtin():
    assert set(DE) == {k.value for k in TemplateKind}
    assert all(t.builtin and t.subject and t.language == "de" for t in DE.values())


def _template_words(text: str) -> str:
    """A template's own words: without its tags, and without the words of fill()/after=
    (those are for the user, in the user's language, or match what the user typed)."""
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    return text


#: English that must not be left in a German template's own text.
ENGLISH = re.compile(
    r"\b(?:Dear|Kind regards|Best regards|Regards|Thank you|Thanks|Hello|Hi|the|and|you|your"
    r"|with|for|to|of|is|interview|role|position|team's|follow(?:ing)?[\s-]up)\b"
)


@pytest.mark.parametrize("kind", sorted(DE))
def test_the_template_text_is_german_throughout(kind):
    template = DE[kind]
    words = _template_words(template.subject + "\n" + template.body)
    assert ENGLISH.search(words) is None, ENGLISH.search(words)
    # Formal throughout: never "du", and no lower-case "sie"/"ihr" that would be third person.
    assert GERMAN_DU.search(words) is None
    assert not re.search(r"\b(?:sie|ihr|ihre[mnrs]?|ihnen)\b", words)


@pytest.mark.parametrize("kind", sorted(DE))
@pytest.mark.parametrize("case", CASES, ids=lambda c: "/".join(x for x in c if x)[:40])
def test_german_builtin_follows_the_content_rules(demo, kind, case):
    f = facts(demo, case)
    draft = messages.compose(DE[kind], f)
    assert draft.problem is None, draft.problem
    body, subject = draft.body, draft.subject
    if kind == "linkedin_note":
        assert len(body) <= 300, len(body)
    else:
        assert word_count(body) < 200
    first_line = body.splitlines()[0]
    assert first_line.startswith(("Sehr geehrte", "Guten Tag")), first_line
    assert f.contact is not None and f.contact.name.split()[-1] in first_line
    if kind != "phone_script":
        assert first_line.endswith(",")  # "Guten Tag Dana Lee," and the body goes on ...
        text_start = next(line for line in body.splitlines()[1:] if line.strip())
        assert text_start[0].islower(), text_start  # ... in lower case after the comma
        assert CLOSING in body and "Mit freundlichen Grüßen," not in body
    for english in ("Dear", "Kind regards", "Best regards", "Thank you", "Hiring Manager"):
        assert english not in body + subject
    assert f.application.role in body and f.company.name in body
    assert "«missing" not in body + subject and "{{" not in body and "[" not in body
    allowed = {"fill_in"} if kind == "share_update" else set()
    if kind.startswith("thank_you"):  # the demo's interviews lie days back: timing advice only
        allowed.add("late")
    assert {x.code for x in draft.findings} <= allowed, draft.findings
    profile = f.profile
    if kind == "linkedin_note":
        assert body.endswith(f"{CLOSING}\n{profile.name}")
    elif kind == "phone_script":
        assert profile.phone in body
    else:
        assert body.endswith("\n".join([CLOSING, profile.name, profile.phone, *profile.links]))
    if kind.startswith("thank_you"):
        assert "Dank" in subject and f.application.role in subject
        assert profile.name in subject


def test_a_known_form_of_address_greets_by_surname(demo):
    dana = facts(demo, CASES[0], address_as="ms")
    omar = facts(demo, CASES[1], address_as="mr")
    for kind in ("thank_you_video", "check_in", "offer_accept"):
        assert messages.compose(DE[kind], dana).body.startswith("Sehr geehrte Frau Lee,\n\n")
        assert messages.compose(DE[kind], omar).body.startswith("Sehr geehrter Herr Haddad,\n\n")
        draft = messages.compose(DE[kind], dana)
        assert not [x for x in draft.findings if x.code in ("no_name", "generic_greeting")]
    unknown = messages.compose(DE["check_in"], facts(demo, CASES[0], address_as="")).body
    assert unknown.startswith("Guten Tag Dana Lee,\n\nich hoffe, es geht Ihnen gut.")


def test_each_german_panel_note_uses_what_was_discussed_with_that_person(demo):
    bodies = {}
    for contact in ("dana", "omar", "priya"):
        f = facts(demo, ("acme-be", "acme-be-1", contact))
        draft = messages.compose(DE["thank_you_panel"], f)
        discussed = f.interview.interviewer_notes[contact].rstrip(".")
        assert discussed in draft.body  # German keeps the note's capital
        assert not [x for x in draft.findings if x.code in ("same_as_panel", "same_sentence")]
        bodies[contact] = draft.body
    assert len(set(bodies.values())) == 3
    assert sum("Duplicate charges" in b for b in bodies.values()) == 1


#: Sentences each German built-in says on the demo data (read in the drafts, then pinned).
SAYS = {
    ("acme-be", "acme-be-1", "dana"): {
        "thank_you_panel": "Die Herausforderung, die in der Runde zur Sprache kam, würde ich "
        "gern mit anpacken: Duplicate charges during partner outages.",
        "thank_you_video": "Wie ich verstanden habe, entscheiden Sie bis Donnerstag, 3. Dezember.",
        "status_inquiry": "in unserem Gespräch über die Stelle als Backend Engineer am "
        "Freitag, 20. November, hatten Sie erwähnt, dass Sie bis "
        "Donnerstag, 3. Dezember, entscheiden möchten.",
        "rejection_reply": "das Team von Acme Corp kennenzulernen. Besonders gern erinnere ich "
        "mich an unser Gespräch über Team growth plans and how on-call is shared.",
        "offer_decline": "das Team hat mich sehr beeindruckt, ebenso wie unser Gespräch über "
        "Ledger migration to event sourcing.",
        "stay_in_touch": "Ihre Worte „boring technology, exciting outcomes“ sind mir im "
        "Gedächtnis geblieben.",
        "phone_script": "nach einem Punkt zu fragen (the team's release cadence).",
    },
    ("acme-be", "acme-be-1", "priya"): {
        "thank_you_in_person": "Ein Satz aus unserem Gespräch ist mir im Gedächtnis "
        "geblieben: „boring technology, exciting outcomes“.",
    },
    ("orbital-maps", "orbital-maps-1", "nadia"): {
        "linkedin_note": "Unser Austausch über Vector tiles wirkt bei mir noch nach.",
    },
}


@pytest.mark.parametrize(
    ("case", "kind", "sentence"),
    [(c, k, s) for c, said in SAYS.items() for k, s in said.items()],
    ids=lambda x: x if isinstance(x, str) and len(x) < 30 else "",
)
def test_german_builtins_fit_the_notes_into_their_sentences(demo, case, kind, sentence):
    body = messages.compose(DE[kind], facts(demo, case)).body
    assert sentence in body


def test_the_german_subjects(demo):
    f = facts(demo, CASES[0])
    subject = messages.compose(DE["thank_you_phone"], f).subject
    assert subject == "Vielen Dank für das Telefonat – Backend Engineer – Alex Morgan"
    for kind in ("offer_accept", "offer_negotiate", "offer_decline"):
        body = messages.compose(DE[kind], f).body
        assert not GERMAN_COMPETING_OFFER.search(body)


# --- the German checks -----------------------------------------------------------------------

GREETING = "Guten Tag Dana Lee,\n\n"


def _check(body: str, kind: str = "check_in", subject: str = "Betreff", **changes):
    inputs = CheckInput(
        kind=kind,
        language="de",
        contact_name="Dana Lee",
        role="Backend Engineer",
        candidate_name="Alex Morgan",
        details=("Batch-Jobs",),
    )
    return check_message(subject, GREETING + body, replace(inputs, **changes))


def _codes(body: str, code: str, **changes) -> list[str]:
    """The words each finding of ``code`` is about."""
    text = GREETING + body
    return [text[f.start : f.end] for f in _check(body, **changes) if f.code == code]


def test_the_german_list_is_the_one_the_checks_use():
    found = _check("Hi, thx für das Gespräch über die Batch-Jobs.")
    assert {f.code for f in found} == {"informal"}


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "Entschuldigen Sie bitte die Störung, aber ich wollte nur kurz nachfragen, ob es "
            "zu den Batch-Jobs Neuigkeiten gibt.",
            "Ich möchte nachfragen, ob es zu den Batch-Jobs Neuigkeiten gibt.",
        ),
        (
            "Ich weiß, Sie sind sehr beschäftigt. Wie steht es um die Batch-Jobs?",
            "Wie steht es um die Batch-Jobs?",
        ),
        (
            "ich weiß, dass Sie sehr beschäftigt sind, aber die Batch-Jobs interessieren mich.",
            "Die Batch-Jobs interessieren mich.",
        ),
        # Right after the greeting's comma a German letter goes on in lower case.
        ("Ich hake nur kurz nach wegen der Batch-Jobs.", "ich frage nach wegen der Batch-Jobs."),
        ("Gibt es schon Neuigkeiten?", "Können Sie mir sagen, wie der aktuelle Stand ist?"),
        (
            "Gibt es schon Neuigkeiten zu den Batch-Jobs?",
            "Können Sie mir sagen, wie der aktuelle Stand zu den Batch-Jobs ist?",
        ),
        (
            "Bitte schicken Sie mir die Batch-Jobs so schnell wie möglich.",
            "Bitte schicken Sie mir die Batch-Jobs bei Gelegenheit.",
        ),
        ("Die Batch-Jobs bitte ASAP.", "Die Batch-Jobs bitte bei Gelegenheit."),
        (
            "Ich freue mich auf eine schnellstmögliche Antwort zu den Batch-Jobs.",
            "Ich freue mich auf eine baldige Antwort zu den Batch-Jobs.",
        ),
        (
            "Nur eine kurze Erinnerung: die Batch-Jobs warten.",
            "Die Batch-Jobs warten.",
        ),
        ("Es tut mir leid, Sie schon wieder zu stören. Batch-Jobs.", "Batch-Jobs."),
        ("Sorry für die späte Antwort. Batch-Jobs.", "Batch-Jobs."),
        ("Entschuldigen Sie, dass ich mich erneut melde. Batch-Jobs.", "Batch-Jobs."),
    ],
)
def test_needy_german_phrases_are_found_and_reworded(text, fixed):
    found = [f for f in _check(text) if f.code == "needy"]
    assert found, text
    assert apply_fixes(GREETING + text, found) == GREETING + fixed


@pytest.mark.parametrize(
    "text",
    [
        "Ich freue mich auf Ihre Antwort zu den Batch-Jobs.",
        "Gibt es etwas zu den Batch-Jobs, das ich Ihnen noch zusenden kann?",
        "Wenn es Neuigkeiten zu den Batch-Jobs gibt, freue ich mich über Ihre Nachricht.",
        "Ich möchte mich nach dem Stand der Batch-Jobs erkundigen.",
        "Über eine baldige Rückmeldung zu den Batch-Jobs würde ich mich freuen.",
        "Mir ist bewusst, dass sich Zeitpläne für Batch-Jobs oft verschieben.",
    ],
)
def test_plain_german_requests_are_not_needy(text):
    assert not [f for f in _check(text) if f.code == "needy"], text


NOTE = "ihr Plan, die Batch-Jobs zu migrieren"


def test_the_third_person_in_her_own_note_becomes_the_formal_you():
    body = "Besonders spannend fand ich ihr Plan, die Batch-Jobs zu migrieren."
    found = [f for f in _check(body, addressee_note=NOTE) if f.code == "pronoun"]
    assert [(GREETING + body)[f.start : f.end] for f in found] == ["ihr Plan"]
    assert found[0].fix == "Ihr Plan"
    moved = "ich habe verstanden, dass sie plant, die Batch-Jobs zu migrieren."
    note = "sie plant, die Batch-Jobs zu migrieren"
    found = [f for f in _check(moved, addressee_note=note) if f.code == "pronoun"]
    assert [f.fix for f in found] == ["Sie planen"]


@pytest.mark.parametrize(
    "body",
    [
        "Ich freue mich auf Ihre Antwort.",
        "Ihr Plan, die Batch-Jobs zu migrieren, hat mich überzeugt.",
        "Sie planen, die Batch-Jobs zu migrieren, und ich würde gern mithelfen.",
        "Ich habe Ihnen zu den Batch-Jobs und Ihrem Plan geschrieben.",
    ],
)
def test_the_formal_you_is_never_taken_for_the_third_person(body):
    assert not [f for f in _check(body, addressee_note=NOTE) if f.code == "pronoun"]


@pytest.mark.parametrize(
    ("pronoun", "next_word", "expected"),
    [
        ("sie", "plant", "Sie planen"),
        ("sie", "arbeitet", "Sie arbeiten"),
        ("sie", "sagte", "Sie sagten"),
        ("er", "ist", "Sie sind"),
        ("Er", "hat", "Sie haben"),
        ("sie", "nicht", "Sie nicht"),
        ("sie", "erwähnt", "Sie erwähnt"),  # maybe a participle: left as it is
        ("ihr", "Plan", "Ihr Plan"),
        ("ihr", "neues", "Ihr neues"),
        ("ihr", "gesagt", "Ihnen gesagt"),
        ("ihre", "Idee", "Ihre Idee"),
        ("seinem", "Team", "Ihrem Team"),
        ("ihm", "", "Ihnen"),
        ("her", "plan", "your plan"),  # an English note keeps English
    ],
)
def test_german_pronouns_turn_to_the_reader(pronoun, next_word, expected):
    assert german_to_you(pronoun, next_word) == expected


def test_sein_is_a_possessive_only_before_a_noun():
    assert GERMAN.third_person.search("sein Team wächst").group("pronoun") == "sein"
    assert GERMAN.third_person.search("das könnte sein, wenn") is None
    assert GERMAN.third_person.search("Sie sind sehr freundlich") is None


def test_a_late_german_thank_you_gets_a_german_opening():
    at = NOW - timedelta(days=6)
    found = _check(
        "vielen Dank für das Gespräch über die Batch-Jobs.",
        kind="thank_you_video",
        subject="Vielen Dank für das Gespräch – Backend Engineer – Alex Morgan",
        interview_at=at,
        now=NOW,
    )
    late = [f for f in found if f.code == "late"]
    assert late and late[0].fix and late[0].fix.startswith("nochmals vielen Dank für das Gespräch")
    assert not [f for f in found if f.code == "subject"]


def test_a_german_thank_you_subject_says_dank():
    found = _check(
        "vielen Dank für das Gespräch über die Batch-Jobs.",
        kind="thank_you_video",
        subject="Gespräch – Backend Engineer – Alex Morgan",
    )
    assert [f.code for f in found if f.part == "subject"] == ["subject"]
    assert GERMAN.thanks.search("Herzlichen Dank") and GERMAN.thanks.search("Ich bedanke mich")
    assert GERMAN.thanks.search("Gedanken zum Gespräch") is None


@pytest.mark.parametrize(
    "greeting",
    [
        "Sehr geehrte Damen und Herren",
        "Hallo zusammen",
        "An wen es betrifft",
        "Liebes Team",
        "Liebes Recruiting-Team",
        "Sehr geehrtes HR-Team",
        "Sehr geehrte Personalabteilung",
        "Sehr geehrter Hiring Manager",
    ],
)
def test_german_greetings_that_name_nobody(greeting):
    assert GERMAN_GREETINGS.search(greeting + ",")
    found = check_message("Betreff", f"{greeting},\n\nText.", CheckInput(language="de"))
    assert "generic_greeting" in {f.code for f in found}


@pytest.mark.parametrize(
    "greeting", ["Sehr geehrte Frau Lee", "Sehr geehrter Herr Haddad", "Guten Tag Dana Lee"]
)
def test_greetings_by_name_are_fine(greeting):
    assert GERMAN_GREETINGS.search(greeting) is None


@pytest.mark.parametrize(
    "word", ["LG", "VG", "MfG", "mfg", "thx", "hdl", "krass", "geil", "Hey", "Hi", "cool", "okay"]
)
def test_german_text_speak(word):
    assert GERMAN_TEXT_SPEAK.search(f"Das war {word}.")
    assert "informal" in {f.code for f in _check(f"Das war {word} mit den Batch-Jobs.")}


@pytest.mark.parametrize(
    "text",
    [
        "Mit freundlichen Grüßen",
        "Ich habe Hilfe angeboten und Ihre Hinweise gelesen.",
        "Der Okapi-Dienst und die Coolant-Pumpe.",
        "Ich schicke Ihnen die Unterlagen.",
    ],
)
def test_plain_german_is_not_text_speak(text):
    assert GERMAN_TEXT_SPEAK.search(text) is None and GERMAN_DU.search(text) is None


def test_the_informal_du_is_flagged_in_a_formal_letter():
    assert [m.group(0) for m in GERMAN_DU.finditer("Kannst du mir dein Feedback geben?")] == [
        "du",
        "dein",
    ]


@pytest.mark.parametrize(
    "claim",
    [
        "Ich habe ein anderes Angebot erhalten.",
        "Mir liegt ein weiteres Angebot vor.",
        "Es gibt ein konkurrierendes Angebot.",
        "Ich habe ein Angebot von einem anderen Unternehmen.",
        "Mir liegt bereits ein Jobangebot vor.",
    ],
)
def test_german_claims_of_another_offer(claim):
    assert GERMAN_COMPETING_OFFER.search(claim), claim


@pytest.mark.parametrize(
    "text",
    [
        "vielen Dank für Ihr Angebot.",
        "Annahme Ihres Angebots",
        "Das Weiterbildungsangebot ist gut.",
        "Gern spreche ich auch über das Gesamtpaket.",
        "ich habe mir ein etwas höheres Grundgehalt vorgestellt",
    ],
)
def test_talking_about_their_offer_is_no_claim(text):
    assert GERMAN_COMPETING_OFFER.search(text) is None


# --- any notes, any mix: sentences stay whole ------------------------------------------------

TYPED = st.sampled_from(
    [
        "",
        "Ledger migration to event sourcing; on-call load.",
        "Migration der Batch-Jobs; Rufbereitschaft.",
        "FHIR pipelines",
        "  robots stalling at shift changes.\nAlert fatigue ",
        '"boring technology, exciting outcomes"',
        "„kleine Schritte, oft ausgeliefert“",
        "Did not get to ask about the release cadence.",
        "Wir haben das Retry-Design gemeinsam skizziert.",
        "Alpha; beta;\nGamma",
        "OpenStreetMap imports",
    ]
)
NOTE_KEYS = ("highlights", "topics", "challenges", "their_words", "unaddressed", "next_steps")
BROKEN = [
    ("two spaces", re.compile(r"\S  +\S")),
    ("space before punctuation", re.compile(r" [.,;:!?)]")),
    ("empty clause", re.compile(r"[:;,] ?[.,;:]|\.\.(?!\.)|\(\s*\)")),
    (
        "dangling word",
        re.compile(r"\b(?:und|oder|über|von|der|die|ein|eine)\s*(?:[.,;:!?)]|$)", re.M),
    ),
    ("doubled quotes", re.compile(r'""|„„|““|„"|"“')),
    ("sentence in lower case", re.compile(r"[.!?] +[a-zäöüß]")),
    ("gap", re.compile("«missing")),
]


@pytest.mark.parametrize("kind", sorted(DE))
@given(notes=st.fixed_dictionaries({k: TYPED for k in NOTE_KEYS}), discussed=TYPED)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_mix_of_empty_and_filled_notes_reads_without_broken_german_sentences(
    demo, kind, notes, discussed
):
    f = facts(demo, ("acme-be", "acme-be-1", "dana"))
    interview = replace(
        f.interview, notes=InterviewNotes(**notes), interviewer_notes={"dana": discussed}
    )
    draft = messages.compose(DE[kind], replace(f, interview=interview))
    assert draft.problem is None
    subject = draft.subject
    assert subject.strip() and not re.search(r"(^|\s)[-–]\s*([-–]|$)|:\s*$", subject), subject
    body = re.sub(r"«fill in: [^»]*»", "FILL.", draft.body)
    for what, pattern in BROKEN:
        found = pattern.search(body)
        assert found is None, f"{what}: ...{body[max(0, found.start() - 40) : found.end() + 20]}"
    assert "\n\n\n" not in body and not body.startswith(" ")
    if kind == "linkedin_note":
        assert len(draft.body) <= 300
    else:
        assert word_count(draft.body) < 200


def test_missing_notes_leave_german_sentences_out(demo):
    f = facts(demo, ("acme-be", "acme-be-1", "dana"))
    bare = replace(f, interview=replace(f.interview, notes=InterviewNotes(), interviewer_notes={}))
    for kind, template in DE.items():
        draft = messages.compose(template, bare)
        assert draft.problem is None
        assert "«missing" not in draft.body, kind
        if kind not in ("offer_accept", "offer_negotiate", "offer_decline"):
            assert "no_detail" in {x.code for x in draft.findings}, kind


GERMAN_NOTES = InterviewNotes(
    topics="Migration des Ledgers auf Event Sourcing; Rufbereitschaft",
    challenges="Doppelte Abbuchungen bei Ausfällen von Partnern",
    their_words="langweilige Technik, spannende Ergebnisse",
    highlights="Wir haben das Retry-Design gemeinsam am Whiteboard entworfen",
    unaddressed="Release-Rhythmus des Teams",
    next_steps="Entscheidung innerhalb von zwei Wochen",
)


def test_notes_typed_in_german_read_as_german(demo):
    f = facts(demo, ("lumen-analytics", "lumen-analytics-1", "sam"))
    f = replace(
        f,
        interview=replace(
            f.interview,
            notes=GERMAN_NOTES,
            interviewer_notes={"sam": "ihr Plan, die Batch-Jobs zu migrieren"},
        ),
    )
    draft = messages.compose(DE["thank_you_video"], f)
    body = draft.body
    assert "Seitdem denke ich oft an unser Gespräch über ihr Plan, die Batch-Jobs zu" in body
    assert "Besonders gefallen hat mir dieser Moment: Wir haben das Retry-Design" in body
    assert "Mit Ihren Worten „langweilige Technik, spannende Ergebnisse“ haben Sie" in body
    assert "unterstützen: Doppelte Abbuchungen bei Ausfällen von Partnern." in body
    assert "(Entscheidung innerhalb von zwei Wochen)." in body
    pronouns = [x for x in draft.findings if x.code == "pronoun"]
    assert [x.fix for x in pronouns] == ["Ihr Plan"]  # her own note, read by her
    listing = messages.compose(
        DE["thank_you_phone"], replace(f, interview=replace(f.interview, interviewer_notes={}))
    ).body
    assert "über Migration des Ledgers auf Event Sourcing und Rufbereitschaft." in listing
