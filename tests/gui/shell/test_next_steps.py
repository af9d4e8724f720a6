"""The window routes the next steps a view offers: a reply that invites to another round opens the
notes form for that application's next round; a stage change on the pipeline can be undone."""

from __future__ import annotations

import pytest

from followup_desktop.core.model import Stage
from followup_desktop.store import queries

pytestmark = pytest.mark.usefixtures("discard_unsaved")


def test_record_the_next_round_opens_the_form_for_that_application(filled, make_window):
    window = make_window(filled)
    log_view = window.show_view("log")
    log_view.record_round.emit("acme-be")
    form = window.form
    assert form is not None and form.isVisible()
    assert form.fields.values().application_id == "acme-be"
    assert form.fields.round.value() == 2  # the first interview is on record
    form.close()


def test_a_pipeline_stage_change_is_undone_with_the_edit_menu(filled, make_window):
    window = make_window(filled)
    pipeline = window.show_view("pipeline")
    before = {f.id: f.status for f in queries.list_followups(filled)}
    pipeline.move_to(str(Stage.OFFER), "acme-be")
    assert queries.get_application(filled, "acme-be").stage == Stage.OFFER
    assert window.history.canUndo()
    assert "Offer" in window.history.undoText()
    window.history.undo()
    assert queries.get_application(filled, "acme-be").stage == Stage.INTERVIEWING
    assert {f.id: f.status for f in queries.list_followups(filled)} == before
