"""The message side of the store: the user's templates, the facts of a draft, "I sent it"."""

from __future__ import annotations

import dataclasses
import json

import pytest

from followup_desktop.core.model import Direction, FollowUpStatus, Template
from followup_desktop.store import queries, templates_store, writes
from followup_desktop.store.db import StoreError


def test_template_ids_rename_and_delete(db):
    assert templates_store.new_template_id(db, "check_in") == "check_in-1"
    writes.save_template(db, Template("check_in-1", "check_in", "Mine", "S", "B"))
    assert templates_store.new_template_id(db, "check_in") == "check_in-2"
    renamed = templates_store.rename_template(db, "check_in-1", "  Short   and kind ")
    assert renamed.name == "Short and kind"
    assert templates_store.get_template(db, "check_in-1").name == "Short and kind"
    with pytest.raises(StoreError):
        templates_store.rename_template(db, "check_in-1", "   ")
    with pytest.raises(StoreError):
        templates_store.rename_template(db, "nope", "Name")
    templates_store.delete_template(db, "check_in-1")
    assert templates_store.get_template(db, "check_in-1") is None


def test_templates_export_and_import_through_the_interchange_format(db, tmp_path, db_path):
    from followup_desktop.store.open import open_store

    writes.save_template(db, Template("t1", "check_in", "Mine «ü»", "Subj {{ role }}", "Body"))
    writes.save_template(db, Template("t2", "offer_decline", "No thanks", "S", "B"))
    path = tmp_path / "templates.json"
    assert templates_store.export_templates(db, path) == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "followup-desktop" and data["version"] == 1
    assert "profile" not in data
    assert [t["id"] for t in data["templates"]] == ["t1", "t2"]
    other = open_store(tmp_path / "other.sqlite3")
    try:
        imported = templates_store.import_templates(other, path)
        assert [t.name for t in imported] == ["Mine «ü»", "No thanks"]
        assert queries.list_templates(other) == queries.list_templates(db)
        assert queries.get_profile(other).name == ""  # the file does not touch the profile
    finally:
        other.close()


def test_importing_a_file_without_templates_says_so(db, tmp_path):
    from followup_desktop.core.interchange_fields import InterchangeError

    path = tmp_path / "empty.json"
    path.write_text('{"format": "followup-desktop", "version": 1}', encoding="utf-8")
    with pytest.raises(InterchangeError, match="holds no templates"):
        templates_store.import_templates(db, path)


def test_facts_for_a_stage_reply_use_the_latest_interview_and_main_contact(demo, now):
    item, facts = templates_store.facts_for_followup(demo, "kestrel-data/offer_reply", now)
    assert item.interview is None
    assert facts.interview is not None and facts.interview.id == "kestrel-data-1"
    assert facts.contact.id == "amelia" and facts.company.name == "Kestrel Health"
    assert facts.now == max(now, item.due)  # judged at the moment the message goes out
    _item, panel = templates_store.facts_for_followup(demo, "acme-be-1/thank_you/omar", now)
    assert [p.name for p in panel.interviewers()] == ["Dana Lee", "Omar Haddad", "Priya Natarajan"]
    with pytest.raises(StoreError):
        templates_store.facts_for_followup(demo, "nope", now)


def test_preview_choices_start_with_the_latest_past_interview(demo, now):
    choices = templates_store.preview_choices(demo, now)
    assert choices[0].interview == "acme-be-1"
    assert choices[0].label == "Acme Corp · Backend Engineer · Friday 20 November"
    assert [name for _id, name in choices[0].people] == [
        "Dana Lee",
        "Omar Haddad",
        "Priya Natarajan",
    ]
    assert choices[-1].interview == "northwind-sre-2"  # upcoming, no notes yet: last


def test_record_sent_marks_done_and_logs_in_one_transaction(demo, now):
    comm = templates_store.record_sent(demo, "orbital-maps-1/thank_you/nadia", "Thank-you: Hi", now)
    item = queries.get_followup(demo, "orbital-maps-1/thank_you/nadia")
    assert item.status == FollowUpStatus.DONE and item.done_at == now
    logged = [c for c in queries.list_communications(demo, ["orbital-maps"]) if c.id == comm.id]
    assert len(logged) == 1
    assert logged[0].direction == Direction.SENT and logged[0].contact == "nadia"
    assert logged[0].summary == "Thank-you: Hi" and logged[0].at == now


def test_record_sent_changes_nothing_when_logging_fails(demo, now, monkeypatch):
    def broken(*_args, **_kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(writes, "log_communication", broken)
    before = len(queries.list_communications(demo))
    with pytest.raises(StoreError):
        templates_store.record_sent(demo, "orbital-maps-1/thank_you/nadia", "x", now)
    item = queries.get_followup(demo, "orbital-maps-1/thank_you/nadia")
    assert item.status == FollowUpStatus.PLANNED
    assert len(queries.list_communications(demo)) == before


# --- safe saving ---------------------------------------------------------------------------

GOOD = Template("mine", "check_in", "Mine", "Hello {{ role }}", "Dear {{ contact.first_name }},")
BROKEN_BODY = "Dear {{ contact.first_name }},\n{% if interview.topic %}\nabout it"


def test_a_template_that_renders_is_saved_and_its_draft_dropped(db, now):
    first = templates_store.save_checked(db, GOOD, now)
    assert first.saved and first.before is None and first.after == GOOD
    edited = dataclasses.replace(GOOD, body="Hi {{ contact.first_name }},")
    second = templates_store.save_checked(db, edited, now)
    assert second.saved and second.before == GOOD
    assert templates_store.get_template(db, "mine") == edited
    assert templates_store.get_draft(db, "mine") is None


def test_a_template_that_does_not_render_keeps_the_last_good_version(db, now):
    templates_store.save_checked(db, GOOD, now)
    broken = dataclasses.replace(GOOD, body=BROKEN_BODY)
    outcome = templates_store.save_checked(db, broken, now)
    assert not outcome.saved and outcome.after == GOOD
    assert str(outcome.problem).startswith("Body line 2: an 'if' on line 2 is never closed")
    assert templates_store.get_template(db, "mine") == GOOD  # still the one in use
    draft = templates_store.get_draft(db, "mine")
    assert draft is not None and draft.body == BROKEN_BODY  # the user's text is not lost
    assert "never closed" in draft.problem
    templates_store.save_checked(db, dataclasses.replace(GOOD, body="Fixed"), now)
    assert templates_store.get_draft(db, "mine") is None


def test_discarding_a_draft_and_putting_versions_back(db, now):
    templates_store.save_checked(db, GOOD, now)
    templates_store.save_checked(db, dataclasses.replace(GOOD, body=BROKEN_BODY), now)
    templates_store.discard_draft(db, "mine")
    assert templates_store.get_draft(db, "mine") is None
    templates_store.put_template(db, "mine", None)
    assert templates_store.get_template(db, "mine") is None
    templates_store.put_template(db, "mine", GOOD)
    assert templates_store.get_template(db, "mine") == GOOD
