"""Quality checks: each finding is one line with the span of the offending words."""

from __future__ import annotations

from followup_desktop.core.message_checks import CheckInput, check_message, word_count

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
