"""Quality checks: each finding is one line with the span of the offending words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from followup_desktop.core.message_check_phrases import english_to_you
from followup_desktop.core.message_checks import (
    CheckInput,
    Finding,
    apply_fixes,
    check_message,
    for_message,
    panel_findings,
    word_count,
)
from followup_desktop.core.message_context import example_facts
from followup_desktop.core.model import Profile
from followup_desktop.core.phrase_lists import PHRASES, phrases_for
from tests.builders import NOW

GOOD = (
    "Dear Dana,\n\nThank you for the interview on Friday. I enjoyed our talk about the ledger "
    "migration to event sourcing.\n\nBest regards,\nAlex Morgan"
)
FACTS = CheckInput(
    kind="thank_you_video",
    role="Backend Engineer",
    candidate_name="Alex Morgan",
    contact_name="Dana Lee",
    details=["Ledger migration to event sourcing", "Duplicate charges during partner outages"],
)
SUBJECT = "Thank You - Alex Morgan - Backend Engineer Interview"


def codes(found):
    return [f.code for f in found]


def words_of(text, found, code):
    return [text[f.start : f.end] for f in found if f.code == code and f.start is not None]


def test_a_good_message_has_no_findings():
    assert check_message(SUBJECT, GOOD, FACTS) == []


def test_over_200_words_highlights_the_words_past_the_limit():
    body = GOOD + "\n" + " ".join(["word"] * 200)
    found = check_message(SUBJECT, body, FACTS)
    assert codes(found) == ["too_long"]
    over = found[0]
    assert word_count(body[: over.start]) == 200 and over.end == len(body)
    assert "words" in over.message


def test_linkedin_notes_are_limited_to_300_characters():
    facts = CheckInput(kind="linkedin_note", contact_name="Dana Lee", details=["ledger"])
    body = "Hi Dana, the ledger " + "ab " * 100
    found = check_message("", body, facts)
    assert codes(found) == ["too_long"] and found[0].start == 300


def test_generic_greetings_are_flagged_with_their_words():
    for greeting in ("Dear Hiring Manager", "To whom it may concern", "Dear Sir or Madam"):
        body = GOOD.replace("Dear Dana", greeting)
        found = check_message(SUBJECT, body, FACTS)
        assert words_of(body, found, "generic_greeting") == [greeting]


def test_a_greeting_without_their_name_is_flagged():
    body = GOOD.replace("Dear Dana", "Dear Omar")
    found = check_message(SUBJECT, body, FACTS)
    assert words_of(body, found, "no_name") == ["Dear Omar,"]


def test_no_specific_detail_is_flagged():
    body = "Dear Dana,\n\nThank you for your time. I enjoyed it.\n\nAlex Morgan"
    assert codes(check_message(SUBJECT, body, FACTS)) == ["no_detail"]
    partial = body.replace("I enjoyed it", "The partner outages and duplicate charges")
    assert codes(check_message(SUBJECT, partial, FACTS)) == []
    empty = CheckInput(kind="check_in", contact_name="Dana Lee")
    assert "notes for this interview are empty" in check_message("S", body, empty)[0].message
    offer = CheckInput(kind="offer_accept", contact_name="Dana Lee")
    assert check_message("S", body, offer) == []


def test_leftover_placeholders_gaps_and_fill_ins():
    body = GOOD + "\n[Company] {{ role }} TODO «missing: interview.challenges» «fill in: news»"
    found = check_message(SUBJECT, body, FACTS)
    assert words_of(body, found, "placeholder") == ["[Company]", "{{ role }}", "TODO"]
    assert words_of(body, found, "gap") == ["«missing: interview.challenges»"]
    assert words_of(body, found, "fill_in") == ["«fill in: news»"]
    assert "interview.challenges" in next(f.message for f in found if f.code == "gap")


def test_emoji_slang_and_text_speak():
    body = GOOD + "\nThx u r awesome 🙂 :) gonna call!! See the U.S. office."
    found = check_message(SUBJECT, body, FACTS)
    flagged = words_of(body, found, "informal")
    assert flagged == ["Thx", "u", "r", "awesome", "🙂", ":)", "gonna", "!!"]


def test_a_competing_offer_claim_is_flagged_for_confirmation():
    for claim in (
        "I have another offer",
        "I received a competing offer",
        "an offer from another company",
        "I am weighing multiple offers",
    ):
        body = GOOD + f"\n{claim} and would like your answer."
        found = check_message(SUBJECT, body, FACTS)
        assert codes(found) == ["competing_offer"], claim
        assert "writing" in found[0].message
    fine = GOOD + "\nThank you for your offer; I accept the offer with pleasure."
    assert check_message(SUBJECT, fine, FACTS) == []


def test_thank_you_subjects_need_thanks_role_and_name():
    found = check_message("Hello", GOOD, FACTS)
    assert [f.message for f in found] == [
        'The subject should say "Thank You".',
        "The subject should name the role (Backend Engineer).",
        "The subject should carry your name (Alex Morgan).",
    ]
    assert all(f.part == "subject" and (f.start, f.end) == (0, 5) for f in found)
    assert check_message("Thank-you - Morgan - backend engineer", GOOD, FACTS) == []
    other = CheckInput(kind="check_in", contact_name="Dana Lee", details=FACTS.details)
    assert check_message("Hello", GOOD, other) == []
    assert codes(check_message(" ", GOOD, other)) == ["subject"]


def test_the_same_note_to_two_panel_members_is_flagged():
    omar = GOOD.replace("Dana", "Omar")
    same = CheckInput(**{**_fields(FACTS), "siblings": (("Omar Haddad", omar),)})
    found = check_message(SUBJECT, GOOD, same)
    assert codes(found) == ["same_as_panel"]
    assert "Omar Haddad" in found[0].message
    personal = omar.replace("the ledger migration to event sourcing", "the retry queue design")
    differs = CheckInput(**{**_fields(FACTS), "siblings": (("Omar Haddad", personal),)})
    assert check_message(SUBJECT, GOOD, differs) == []


def _fields(facts: CheckInput) -> dict:
    return {name: getattr(facts, name) for name in facts.__dataclass_fields__}


def test_findings_come_in_reading_order_subject_first():
    body = "To whom it may concern,\n\nthx. TODO"
    found = check_message("TODO", body, FACTS)
    assert found[0].part == "subject"
    starts = [f.start for f in found if f.part == "body" and f.start is not None]
    assert starts == sorted(starts)


# --- checks a careful friend would make (issue 16, point 2) --------------------------------


def _with(**changes) -> CheckInput:
    return CheckInput(**{**_fields(FACTS), **changes})


def _one(found, code):
    hits = [f for f in found if f.code == code]
    assert len(hits) == 1, [f.message for f in found]
    return hits[0]


def test_a_finding_made_the_old_way_has_no_fix_and_applying_it_changes_nothing():
    old = Finding("gap", "No value for candidate.name: add it, or edit the text.", "body", 3, 9)
    assert old.fix is None and old.apply("Dear Dana") == "Dear Dana"
    fix = Finding("needy", "m", "body", 5, 9, "you")
    assert fix.apply("Dear Dana") == "Dear you"


NOTE = "Her plan to migrate the batch jobs; she liked my idea of data contracts"
PRONOUN_BODY = GOOD.replace(
    "I enjoyed our talk about the ledger migration to event sourcing.",
    "I enjoyed hearing about her plan to migrate the batch jobs, and I was glad she liked my "
    "idea of data contracts.",
)


def test_third_person_pronouns_from_the_addressees_own_note_become_you():
    facts = _with(addressee_note=NOTE, details=[*FACTS.details, NOTE])
    found = check_message(SUBJECT, PRONOUN_BODY, facts)
    assert words_of(PRONOUN_BODY, found, "pronoun") == ["her plan", "she liked"]
    assert [f.fix for f in found if f.code == "pronoun"] == ["your plan", "you liked"]
    assert "Dana" in found[0].message
    fixed = apply_fixes(PRONOUN_BODY, found)
    assert "about your plan to migrate" in fixed and "glad you liked my idea" in fixed


def test_pronouns_are_left_alone_when_the_sentence_is_not_from_the_addressees_note():
    about_omar = "Omar said she liked the plan; his team owns the batch jobs"
    facts = _with(addressee_note="Team growth plans", details=[*FACTS.details, NOTE])
    assert codes(check_message(SUBJECT, PRONOUN_BODY, facts)) == []
    other = _with(addressee_note=about_omar)
    body = GOOD.replace("Friday.", "Friday. I met her manager too.")
    assert "pronoun" not in codes(check_message(SUBJECT, body, other))


def test_english_pronoun_forms_and_their_verbs():
    assert english_to_you("She", "is") == "You are"
    assert english_to_you("he", "thinks") == "you think"
    assert english_to_you("she", "always") == "you always"
    assert english_to_you("her", "team") == "your team"
    assert english_to_you("her", "about") == "you about"
    assert english_to_you("his", "question") == "your question"


NEEDY = [
    ("Sorry to bother you, but I wondered about the timeline.", "I wondered about the timeline."),
    ("I'm so sorry to bother you again. I wondered.", "I wondered."),
    ("I hate to bother you, but is there news?", "Is there news?"),
    ("I am just checking in on my application.", "I am writing to follow up on my application."),
    ("Just checking in.", "I am writing to follow up."),
    ("I just wanted to follow up on our call.", "I am writing to follow up on our call."),
    ("I just wanted to touch base.", "I am writing to follow up."),
    ("Any update?", "Could you tell me where things stand?"),
    ("Any updates on my application?", "Could you tell me where things stand on my application?"),
    ("Please reply ASAP.", "Please reply when it suits you."),
    ("Please reply as soon as possible.", "Please reply when it suits you."),
    ("I know you're busy, but I hope to hear.", "I hope to hear."),
    ("I realise you must be very busy, so thank you.", "Thank you."),
    ("Sorry for the late reply, and thank you.", "Thank you."),
    ("Just a friendly reminder that I applied.", "That I applied."),
]


def test_apologetic_and_needy_phrases_are_found_with_a_rewording():
    for sentence, rewritten in NEEDY:
        body = GOOD.replace("Best regards", f"{sentence}\n\nBest regards")
        found = check_message(SUBJECT, body, FACTS)
        needy = _one(found, "needy")
        assert needy.fix is not None and body[needy.start : needy.end].strip(), sentence
        assert apply_fixes(body, found) == body.replace(sentence, rewritten), sentence
        assert needy.message.startswith('"') and "Suggested:" in needy.message


def test_plain_requests_are_not_needy():
    for sentence in (
        "I am writing to follow up on our conversation.",
        "I wanted to follow up on the design question you raised.",
        "Is there any news on the timeline you mentioned for Thursday 3 December?",
        "I was sorry to hear the launch moved.",
        "I know you are building a new payments team.",
        "As soon as I heard about the role I applied.",
        "Thank you for checking in on the references.",
    ):
        body = GOOD.replace("Best regards", f"{sentence}\n\nBest regards")
        assert "needy" not in codes(check_message(SUBJECT, body, FACTS)), sentence


def test_needy_words_in_the_subject_are_found_too():
    found = check_message("Any update? " + SUBJECT, GOOD, FACTS)
    assert [(f.code, f.part) for f in found] == [("needy", "subject")]


SHARED = "I also enjoyed the moment we whiteboarded the ledger migration to event sourcing."


def test_the_same_specific_sentence_to_two_panel_members_is_flagged():
    dana = GOOD.replace(
        "Best regards", SHARED + " Dana, your team plans were clear.\n\nBest regards"
    )
    omar = GOOD.replace("Dana", "Omar").replace(
        "I enjoyed our talk about the ledger migration to event sourcing.",
        "Our talk about retries and the queue design was the best part of the day for me. "
        + SHARED,
    )
    facts = _with(siblings=(("Omar Haddad", omar),))
    found = check_message(SUBJECT, dana, facts)
    assert words_of(dana, found, "same_sentence") == [SHARED]
    assert "Omar Haddad" in _one(found, "same_sentence").message
    both = panel_findings([("Dana Lee", dana), ("Omar Haddad", omar)], FACTS.details)
    assert [codes(f) for f in both] == [["same_sentence"], ["same_sentence"]]
    assert "Dana Lee" in both[1][0].message


def test_a_shared_sentence_without_specifics_is_not_flagged():
    generic = "Thank you for being part of the panel for the Backend Engineer role at Acme."
    dana = GOOD.replace("Best regards", generic + "\n\nBest regards")
    omar = GOOD.replace("Dana", "Omar").replace(
        "I enjoyed our talk about the ledger migration to event sourcing.",
        "Our talk about retries and the queue design was the best part of the day for me.",
    )
    omar = omar.replace("Best regards", generic + "\n\nBest regards")
    assert panel_findings([("Dana Lee", dana), ("Omar Haddad", omar)], FACTS.details) == [[], []]


OMAR_NOTE = "The retry queue and exactly-once delivery."


def test_another_interviewers_note_in_the_message_is_flagged():
    body = GOOD.replace("Friday.", "Friday. I liked the retry queue and exactly-once delivery.")
    facts = _with(other_notes=(("Omar Haddad", OMAR_NOTE),))
    found = check_message(SUBJECT, body, facts)
    assert words_of(body, found, "other_note") == ["the retry queue and exactly-once delivery"]
    assert "note about Omar Haddad" in found[0].message and "Dana" in found[0].message
    pasted = _with(other_notes=(("Omar Haddad", OMAR_NOTE),), addressee_note=OMAR_NOTE)
    assert (
        "also your note about Omar"
        in _one(check_message(SUBJECT, body, pasted), "other_note").message
    )


def test_an_other_note_that_is_not_in_the_message_or_is_shared_is_not_flagged():
    facts = _with(other_notes=(("Omar Haddad", OMAR_NOTE),))
    assert check_message(SUBJECT, GOOD, facts) == []
    shared = _with(other_notes=(("Omar Haddad", "Ledger migration to event sourcing"),))
    assert check_message(SUBJECT, GOOD, shared) == []


def test_a_missing_profile_value_keeps_its_sentence_for_open_settings():
    body = GOOD.replace("Alex Morgan", "«missing: candidate.name»")
    found = _one(check_message(SUBJECT, body, FACTS), "gap")
    assert found.message == "No value for candidate.name: add it, or edit the text."
    assert found.fix is None
    assert "gap" not in codes(check_message(SUBJECT, GOOD, FACTS))


def test_a_subject_over_78_characters_is_flagged_from_the_79th():
    long = (SUBJECT + " - Payments Platform Team Round")[:79]
    found = _one(check_message(long, GOOD, FACTS), "subject_long")
    assert (found.part, found.start, found.end) == ("subject", 78, 79)
    assert "79 characters" in found.message
    assert check_message(long[:78], GOOD, FACTS) == []
    script = CheckInput(kind="phone_script", contact_name="Dana Lee", details=FACTS.details)
    assert "subject_long" not in codes(check_message(long, GOOD, script))


ENDED = datetime(2026, 11, 17, 16, 0, tzinfo=UTC)  # a Tuesday


def test_a_thank_you_after_48_hours_suggests_a_late_opening_without_apology():
    facts = _with(interview_at=ENDED, now=ENDED + timedelta(hours=49))
    found = _one(check_message(SUBJECT, GOOD, facts), "late")
    assert GOOD[found.start : found.end] == "Thank you for the interview on Friday."
    assert found.fix == (
        "Thank you again for your time on Tuesday; I wanted to let you know how much I "
        "enjoyed our conversation."
    )
    assert "2 days" in found.message and "sorry" not in found.fix.lower()
    weeks = _with(interview_at=ENDED, now=ENDED + timedelta(days=12))
    assert "Tuesday 17 November" in _one(check_message(SUBJECT, GOOD, weeks), "late").message


def test_a_thank_you_within_48_hours_or_already_late_worded_is_not_flagged():
    in_time = _with(interview_at=ENDED, now=ENDED + timedelta(hours=47))
    assert check_message(SUBJECT, GOOD, in_time) == []
    late = _with(interview_at=ENDED, now=ENDED + timedelta(hours=80))
    again = GOOD.replace("Thank you for", "Thank you again for")
    assert check_message(SUBJECT, again, late) == []
    check_in = CheckInput(**{**_fields(late), "kind": "check_in"})
    assert check_message("Checking in", GOOD, check_in) == []


def test_for_message_takes_the_notes_and_times_from_the_facts():
    facts = example_facts(Profile(name="Alex Morgan"), NOW)
    inputs = for_message(CheckInput(kind="thank_you_video"), facts)
    assert inputs.addressee_note == "How the team plans its quarter"
    assert inputs.other_notes == (("Sam Okafor", "Test flakiness"),)
    assert inputs.interview_at is not None and inputs.now is not None
    assert str(inputs.interview_at.tzinfo) == str(inputs.now.tzinfo) == "America/New_York"
    assert inputs.now - inputs.interview_at == NOW - facts.interview.starts_at
    no_interview = replace(facts, interview=None)
    assert for_message(CheckInput(), no_interview).other_notes == ()


def test_phrase_lists_are_per_language_with_english_as_fallback():
    assert phrases_for("en").language == "en"
    assert phrases_for("en-GB") is PHRASES["en"]
    assert phrases_for("de").language == "de" and phrases_for("de-AT") is PHRASES["de"]
    assert phrases_for("fr_CA").language == "fr"
    assert phrases_for("it") is PHRASES["en"]  # no Italian list: English
    assert CheckInput().language == "en"


def test_the_weekend_does_not_make_a_monday_thank_you_late():
    friday = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # a Friday afternoon interview
    monday = friday + timedelta(days=2, hours=17)  # Monday 09:00: the planned send slot
    assert check_message(SUBJECT, GOOD, _with(interview_at=friday, now=monday)) == []
    wednesday = friday + timedelta(days=5)  # Wednesday afternoon: two working days and more
    assert "late" in codes(check_message(SUBJECT, GOOD, _with(interview_at=friday, now=wednesday)))
    monday_evening = friday + timedelta(days=3, hours=1)
    assert check_message(SUBJECT, GOOD, _with(interview_at=friday, now=monday_evening)) == []
    six_days_a_week = _with(interview_at=friday, now=monday_evening, weekend_days=(6,))
    assert "late" in codes(check_message(SUBJECT, GOOD, six_days_a_week))  # Saturday counts
