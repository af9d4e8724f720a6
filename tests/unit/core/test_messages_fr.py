"""The French built-ins (templates/fr/) and the French phrase lists of the checks.

French typography, as the templates write it: a no-break space (U+00A0) before ":" and inside
« guillemets », a narrow no-break space (U+202F) before ";", "?" and "!". The writer's gender is
unknown, so no template sentence makes an adjective agree with "je".
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop import paths
from followup_desktop.core import message_checks, messages
from followup_desktop.core.message_check_phrases_fr import FRENCH, french_to_you
from followup_desktop.core.message_checks import CheckInput, check_message, word_count
from followup_desktop.core.model import InterviewNotes, TemplateKind
from followup_desktop.core.phrase_lists import phrases_for
from tests.builders import NOW
from tests.message_cases import CASES, builtins_in, demo_in_memory
from tests.unit.core.test_messages_builtins import NOTE_KEYS, TYPED

FR = builtins_in("fr")
EMAIL_CLOSINGS = ("Bien cordialement,", "Cordialement,", "Bien à vous,")
FORMAL_CLOSING = "Je vous prie d’agréer, {}, l’expression de mes salutations distinguées."
#: Words of the English templates that must not survive in a French one.
ENGLISH_LEFTOVERS = re.compile(
    r"\b(?:Dear|Hi|Hello|Kind regards|Best regards|Warm regards|With best wishes|Thank you"
    r"|Thank You|I am|I would|I have|I look forward|Please)\b"
)
NBSP, NNBSP = "\u00a0", "\u202f"


def test_the_checks_read_the_french_lists():
    assert phrases_for("fr") is FRENCH and phrases_for("fr-BE") is FRENCH


@pytest.fixture(scope="module")
def demo():
    with demo_in_memory() as database:
        yield database


def facts(demo, case, address_as: str | None = ""):
    """The demo's facts in French, the contact addressed by name ("") or as "ms"/"mr"."""
    from followup_desktop.store.templates_store import facts_for

    f = replace(facts_for(demo, *case, NOW), language="fr")
    if address_as is not None and f.contact is not None:
        f = replace(f, contact=replace(f.contact, address_as=address_as))
    return f


def without_links(text: str) -> str:
    return re.sub(r"https?://\S+", "URL", text)


def test_there_is_one_french_builtin_per_kind():
    folder = paths.templates_dir() / "fr"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.txt" for k in TemplateKind)
    assert set(FR) == {k.value for k in TemplateKind}
    assert all(t.builtin and t.subject for t in FR.values())


@pytest.mark.parametrize("address_as", ["", "ms", "mr"])
@pytest.mark.parametrize("kind", sorted(FR))
@pytest.mark.parametrize("case", CASES, ids=lambda c: "/".join(x for x in c if x)[:40])
def test_french_builtin_follows_the_content_rules(demo, kind, case, address_as):
    f = facts(demo, case, address_as)
    draft = messages.compose(FR[kind], f)
    assert draft.problem is None, draft.problem
    body, subject = draft.body, draft.subject
    if kind == "linkedin_note":
        assert len(body) <= 300
    else:
        assert word_count(body) < 200
    assert f.contact is not None
    title = {"ms": "Madame", "mr": "Monsieur"}.get(address_as, "")
    surname = f.contact.name.split()[-1]
    first_line = body.splitlines()[0]
    if kind == "phone_script":
        assert first_line == f"Bonjour, pourrais-je parler à {f.contact.name}{NNBSP}?"
        hello = f"Bonjour {title} {surname}," if title else f"Bonjour {f.contact.name},"
        assert body.splitlines()[2].startswith(hello)
    elif kind == "linkedin_note":
        hello = f"Bonjour {title} {surname}," if title else f"Bonjour {f.contact.name},"
        assert first_line.startswith(hello)
    else:
        assert first_line == (f"{title}," if title else f"Bonjour {f.contact.name},")
    assert "Madame, Monsieur" not in body and "qui de droit" not in body
    assert f.application.role in body and f.company.name in body
    assert "«missing" not in body + subject and "{{" not in body and "[" not in body
    assert not ENGLISH_LEFTOVERS.search(body + subject), ENGLISH_LEFTOVERS.search(body + subject)
    allowed = {"fill_in"} if kind == "share_update" else set()
    if kind.startswith("thank_you"):  # the demo's interviews lie days back: timing advice only
        allowed.add("late")
    assert {x.code for x in draft.findings} <= allowed, draft.findings
    profile = f.profile
    signature = "\n".join([profile.name, profile.phone, *profile.links])
    if kind == "linkedin_note":
        assert body.endswith(profile.name)
    elif kind == "phone_script":
        assert profile.phone in body
    else:
        assert body.endswith(signature)
        closing = body[: -len(signature)].rstrip("\n").splitlines()[-1]
        formal = kind in ("offer_accept", "offer_decline") and title
        assert closing == (FORMAL_CLOSING.format(title) if formal else closing)
        assert formal or closing in EMAIL_CLOSINGS, closing
    if kind.startswith("thank_you"):
        assert re.search(r"Merci|Remerciement", subject)
        assert f.application.role in subject and profile.name in subject
    assert len(subject) <= message_checks.MAX_SUBJECT


@pytest.mark.parametrize("kind", sorted(FR))
def test_french_spacing_before_punctuation_and_inside_guillemets(demo, kind):
    for case in CASES:
        draft = messages.compose(FR[kind], facts(demo, case))
        body = re.sub(r"«fill in: [^»]*»", "FILL.", without_links(draft.body))
        for text in (draft.subject, body):
            assert not re.search(r"[^\u202f][;?!]", text), text
            assert not re.search(r"[^\u00a0]:", text), text
            assert not re.search(r"«[^\u00a0]|[^\u00a0]»", text), text


def test_the_role_is_elided_before_a_vowel(demo):
    body = messages.compose(FR["check_in"], facts(demo, CASES[7])).body  # Analytics Engineer
    assert "pour le poste d’Analytics Engineer." in body
    body = messages.compose(FR["check_in"], facts(demo, CASES[0])).body
    assert "pour le poste de Backend Engineer." in body


def test_french_thank_you_uses_the_notes_and_the_date(demo):
    f = facts(demo, ("acme-be", "acme-be-1", "dana"))
    body = messages.compose(FR["thank_you_video"], f).body
    assert "du vendredi 20 novembre" in body and "d’ici le jeudi 3 décembre" in body
    assert "Vous avez décrit un défi\u00a0: duplicate charges during partner outages." in body
    priya = facts(demo, ("acme-be", "acme-be-1", "priya"))
    body = messages.compose(FR["thank_you_panel"], priya).body
    assert "m’est restée en tête\u00a0: «\u00a0boring technology, exciting outcomes\u00a0»." in body
    omar = messages.compose(FR["thank_you_panel"], facts(demo, CASES[1])).body
    assert "notre échange sur the retry queue and exactly-once delivery\u202f;" in omar


#: Their words as typed in French: the quoted filter puts them in guillemets of its own (a
#: note's own no-break spaces do not survive the tidying of notes, so other notes leave them out).
FRENCH_QUOTE = st.sampled_from(["« technologie ennuyeuse, résultats passionnants »", "petits pas"])
#: Notes as a French user types them (the English ones are in TYPED).
FRENCH_TYPED = st.sampled_from(
    [
        "La migration du grand livre vers l’event sourcing ; la charge d’astreinte.",
        "Les doubles débits lors des pannes des partenaires.",
        "Nous avons conçu ensemble la relance idempotente.",
        "le rythme des mises en production",
    ]
)
FRENCH_NOTES = InterviewNotes(
    topics="La migration du grand livre vers l’event sourcing; la charge d’astreinte.",
    challenges="Les doubles débits lors des pannes des partenaires.",
    their_words="« technologie ennuyeuse, résultats passionnants »",
    highlights="Nous avons conçu ensemble au tableau la relance idempotente des paiements.",
    unaddressed="Le rythme des mises en production",
    next_steps="Une décision sous deux semaines",
)
#: Sentences the built-ins say with notes typed in French (read in the drafts, then pinned).
SAYS_IN_FRENCH = {
    "thank_you_phone": "Un moment m’a particulièrement marqué\u00a0: nous avons conçu ensemble "
    "au tableau la relance idempotente des paiements.",
    "thank_you_in_person": "J’ai retenu votre formule\u00a0: «\u00a0technologie ennuyeuse, "
    "résultats passionnants\u00a0».",
    "thank_you_video": "Je n’ai pas eu le temps de vous interroger sur un point\u00a0: le rythme "
    "des mises en production.",
    "thank_you_panel": "J’ai particulièrement apprécié notre échange sur les plans de croissance "
    "de l’équipe\u202f;",
    "status_inquiry": "vous m’aviez présenté la prochaine étape ainsi\u00a0: une décision sous "
    "deux semaines.",
    "stay_in_touch": "Je repense encore à ce que nous avions dit sur la migration du grand livre "
    "vers l’event sourcing\u00a0:",
    "offer_decline": "et j’ai beaucoup apprécié notre échange sur la migration du grand livre "
    "vers l’event sourcing.",
    "phone_script": "je n’ai pas pu vous interroger sur le rythme des mises en production.",
}


@pytest.mark.parametrize(("kind", "sentence"), sorted(SAYS_IN_FRENCH.items()))
def test_notes_typed_in_french_read_as_french(demo, kind, sentence):
    f = facts(demo, ("orbital-maps", "orbital-maps-1", "nadia"), "ms")
    interview = replace(
        f.interview,
        notes=FRENCH_NOTES,
        interviewer_notes={"nadia": "Les plans de croissance de l’équipe"},
        starts_at=NOW - timedelta(hours=20),
    )
    draft = messages.compose(FR[kind], replace(f, interview=interview))
    assert sentence in draft.body
    assert word_count(draft.body) < 200
    allowed = {"fill_in"} if kind == "share_update" else set()
    assert {x.code for x in draft.findings} <= allowed, draft.findings


FRENCH_BROKEN = [
    ("two spaces", re.compile(r"\S[ \u00a0\u202f]{2,}\S")),
    ("plain space before punctuation", re.compile(r" [.,;:!?»]|« ")),
    ("space before a full stop or comma", re.compile(r"[\u00a0\u202f][.,]")),
    ("empty clause", re.compile(r"[:;,][\u00a0\u202f ]?[.,;:]|\.\.(?!\.)|\(\s*\)")),
    (
        "dangling word",
        re.compile(r"\b(?:et|ou|de|sur|le|la|les|un|une|du|des)\s*(?:[.,;:!?)]|$)", re.M),
    ),
    ("sentence in lower case", re.compile(r"[.!?][ \u00a0\u202f]+[a-zà-ÿ]")),
    ("gap", re.compile("«missing")),
]


@pytest.mark.parametrize("kind", sorted(FR))
@given(
    notes=st.fixed_dictionaries(
        {k: TYPED | (FRENCH_QUOTE if k == "their_words" else FRENCH_TYPED) for k in NOTE_KEYS}
    ),
    discussed=TYPED | FRENCH_TYPED,
    address_as=st.sampled_from(["", "ms"]),
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_mix_of_empty_and_filled_notes_reads_without_broken_sentences(
    demo, kind, notes, discussed, address_as
):
    f = facts(demo, ("acme-be", "acme-be-1", "dana"), address_as)
    interview = replace(
        f.interview, notes=InterviewNotes(**notes), interviewer_notes={"dana": discussed}
    )
    draft = messages.compose(FR[kind], replace(f, interview=interview))
    assert draft.problem is None
    subject = draft.subject
    assert subject.strip() and not re.search(r"(^|\s)[-–]\s*([-–]|$)|:\s*$", subject), subject
    body = re.sub(r"«fill in: [^»]*»", "FILL.", without_links(draft.body))
    for what, pattern in FRENCH_BROKEN:
        found = pattern.search(body)
        assert found is None, f"{what}: ...{body[max(0, found.start() - 40) : found.end() + 20]}"
    assert "\n\n\n" not in body and not body.startswith(" ")


def test_the_formal_letter_closing_repeats_the_form_of_address(demo):
    f = facts(demo, ("kestrel-data", None, None), "ms")
    body = messages.compose(FR["offer_decline"], f).body
    assert body.startswith("Madame,\n\n")
    assert FORMAL_CLOSING.format("Madame") + "\nAlex Morgan" in body
    f = facts(demo, ("kestrel-data", None, None))  # by name: the modern short form
    assert "\nBien cordialement,\nAlex Morgan" in messages.compose(FR["offer_accept"], f).body


def test_offers_never_claim_a_competing_offer(demo):
    f = facts(demo, ("kestrel-data", None, None))
    for kind in ("offer_accept", "offer_negotiate", "offer_decline"):
        body = messages.compose(FR[kind], f).body
        assert not FRENCH.competing_offer.search(body), kind
        assert not re.search(r"autres?\s+offres?|offre\s+concurrente", body, re.IGNORECASE)


# --- the French phrase lists ------------------------------------------------------------------


def codes(body: str, subject: str = "Suivi", **inputs) -> list[tuple[str, str]]:
    given_inputs = {"kind": "check_in", "contact_name": "Dana Lee", "language": "fr"}
    findings = check_message(subject, body, CheckInput(**(given_inputs | inputs)))
    return [(x.code, body[x.start : x.end] if x.start is not None else "") for x in findings]


def needy_fixes(body: str) -> list[str | None]:
    found = check_message("S", body, CheckInput(kind="check_in", language="fr"))
    return [x.fix for x in found if x.code == "needy"]


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("Désolé de vous déranger à nouveau, mais je reviens vers vous.", "Je"),
        ("Désolée de vous déranger, je reviens vers vous.", "Je"),
        ("Excusez-moi de vous déranger. Où en est le processus\u202f?", ""),
        ("J’espère ne pas vous déranger. Où en est le processus\u202f?", ""),
        ("Je me permets de vous relancer au sujet du poste.", "Je reviens vers vous"),
        (
            "Je voulais juste faire un suivi de notre entretien.",
            "Je vous écris pour faire le point",
        ),
        ("Juste pour savoir si vous avez décidé.", "Je souhaiterais savoir"),
        ("Avez-vous des nouvelles\u202f?", "Pourriez-vous me dire où en est le processus\u202f?"),
        (
            "Des nouvelles concernant le poste ?",
            "Pourriez-vous me dire où en est le processus concernant le poste\u202f?",
        ),
        ("Pourriez-vous me répondre dès que possible\u202f?", "quand cela vous conviendra"),
        ("Merci de me répondre ASAP.", "quand cela vous conviendra"),
        ("Je sais que vous êtes très occupé(e), mais je reviens vers vous.", "Je"),
        ("Je comprends que vous devez être débordée en ce moment. Où en est le poste\u202f?", ""),
        ("Petit rappel\u00a0: je suis toujours intéressé par le poste.", "Je"),
        ("Sans nouvelles de votre part, je reviens vers vous.", "Je"),
    ],
)
def test_needy_french_phrases_are_found_with_a_fix(text, fix):
    assert fix in needy_fixes(text), needy_fixes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Je reviens vers vous au sujet de mon entretien du vendredi 20 novembre.",
        "Je sais que les décisions de recrutement prennent du temps.",
        "Si vous avez une information à me communiquer, un mot serait le bienvenu.",
        "Je vous retournerai l’offre écrite signée dès réception.",
        "Je me permets de vous transmettre mon portfolio.",
        "Le rappel des tests a été long.",
    ],
)
def test_ordinary_french_is_not_needy(text):
    assert needy_fixes(text) == []


def test_a_needy_fix_applied_reads_as_french():
    body = "Bonjour Dana Lee,\n\nDésolé de vous déranger, mais je me permets de vous relancer."
    findings = check_message("S", body, CheckInput(kind="check_in", language="fr"))
    fixed = message_checks.apply_fixes(body, findings)
    assert fixed == "Bonjour Dana Lee,\n\nJe reviens vers vous."


@pytest.mark.parametrize(
    ("pronoun", "following", "expected"),
    [
        ("son", "projet", "votre projet"),
        ("Sa", "proposition", "Votre proposition"),
        ("ses", "équipes", "vos équipes"),
        ("elle", "m’a", "vous m’avez"),
        ("il", "a", "vous avez"),
        ("Elle", "pense", "Vous pensez"),
        ("il", "ne nous a", "vous ne nous avez"),
        ("elle", "voulait", "vous vouliez"),
        ("lui", "", "vous"),
    ],
)
def test_third_person_becomes_vous(pronoun, following, expected):
    assert french_to_you(pronoun, following) == expected


def test_third_person_in_the_readers_own_note_is_found():
    note = "Elle m’a présenté son projet de migration du grand livre"
    body = (
        "Bonjour Dana Lee,\n\nJ’ai apprécié quand elle m’a présenté son projet de migration "
        "du grand livre.\n\nBien cordialement,\nAlex"
    )
    found = codes(body, kind="thank_you_video", addressee_note=note, details=[note])
    assert ("pronoun", "elle m’a") in found and ("pronoun", "son projet") in found
    fixed = [
        x.fix
        for x in check_message(
            "Merci",
            body,
            CheckInput(
                kind="thank_you_video",
                contact_name="Dana Lee",
                language="fr",
                addressee_note=note,
                details=[note],
            ),
        )
        if x.code == "pronoun"
    ]
    assert fixed == ["vous m’avez", "votre projet"]
    # "il y a" is impersonal, and a sentence not from the note is left alone.
    plain = "Bonjour Dana Lee,\n\nIl y a un projet de migration du grand livre.\n\nAlex"
    assert not [c for c in codes(plain, addressee_note="Il y a un projet") if c[0] == "pronoun"]


def test_the_late_opening_is_french():
    opening = FRENCH.late_opening.format(day="mardi")
    assert opening.startswith("Je tiens à vous remercier à nouveau")
    assert "vous m’avez accordé mardi\u202f;" in opening and FRENCH.thanks.search(opening)


@pytest.mark.parametrize(
    ("subject", "says_thanks"),
    [
        ("Merci pour notre entretien – Backend Engineer – Alex Morgan", True),
        ("Remerciements – entretien Backend Engineer – Alex Morgan", True),
        ("Je vous remercie – Backend Engineer – Alex Morgan", True),
        ("Suivi de ma candidature – Backend Engineer – Alex Morgan", False),
    ],
)
def test_a_thank_you_subject_says_merci(subject, says_thanks):
    found = check_message(
        subject,
        "Bonjour Dana Lee,\n\nTexte.",
        CheckInput(
            kind="thank_you_video",
            role="Backend Engineer",
            candidate_name="Alex Morgan",
            contact_name="Dana Lee",
            language="fr",
        ),
    )
    assert any(x.code == "subject" for x in found) is not says_thanks


@pytest.mark.parametrize(
    "greeting",
    ["Madame, Monsieur,", "À qui de droit,", "Bonjour à tous,", "Chère équipe,", "Mesdames,"],
)
def test_generic_french_greetings_are_found(greeting):
    assert ("generic_greeting", greeting.rstrip(",")) in codes(f"{greeting}\n\nTexte.")


@pytest.mark.parametrize(
    "greeting", ["Madame,", "Monsieur,", "Bonjour Madame Lee,", "Bonjour Dana Lee,"]
)
def test_addressed_french_greetings_pass(greeting):
    found = codes(f"{greeting}\n\nJe vous écris au sujet du poste.")
    assert not [c for c in found if c[0] in ("generic_greeting", "no_name")], found


def test_a_greeting_that_names_someone_else_is_still_found():
    assert ("no_name", "Bonjour Omar Haddad,") in codes("Bonjour Omar Haddad,\n\nTexte.")


@pytest.mark.parametrize(
    "slang",
    [
        "slt",
        "stp",
        "svp",
        "mdr",
        "bcp",
        "jsp",
        "cc",
        "coucou",
        "wesh",
        "trop cool",
        "ouais",
        "bisous",
        "A+",
        "Cdt",
    ],
)
def test_french_text_speak_is_found(slang):
    assert ("informal", slang) in codes(f"Bonjour Dana Lee,\n\nMerci {slang} pour tout.")


@pytest.mark.parametrize(
    "text",
    [
        "Merci pour votre temps, à bientôt.",
        "Cc\u00a0: Omar Haddad",
        "Le projet est trop complexe pour une seule équipe.",
        "J’ai beaucoup apprécié cette discussion.",
    ],
)
def test_ordinary_french_is_not_text_speak(text):
    assert not [c for c in codes(f"Bonjour Dana Lee,\n\n{text}") if c[0] == "informal"]


@pytest.mark.parametrize(
    "claim",
    [
        "une autre offre",
        "une offre concurrente",
        "une proposition d’une autre entreprise",
        "plusieurs offres",
        "une offre d’un concurrent",
        "j’ai reçu une offre",
    ],
)
def test_a_french_competing_offer_claim_is_found(claim):
    body = f"Bonjour Dana Lee,\n\nPar ailleurs, {claim} m’attend."
    assert [c for c in codes(body) if c[0] == "competing_offer"]


@pytest.mark.parametrize(
    "text",
    [
        "Je vous remercie pour votre offre concernant le poste.",
        "J’aimerais échanger sur l’ensemble de la proposition.",
        "Je peux vous transmettre d’autres éléments.",
    ],
)
def test_ordinary_french_is_no_competing_offer_claim(text):
    assert not [c for c in codes(f"Bonjour Dana Lee,\n\n{text}") if c[0] == "competing_offer"]
