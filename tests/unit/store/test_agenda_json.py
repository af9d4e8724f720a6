"""agenda --json as SQLite builds it equals the agenda the app reads through its dataclasses."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.core.instants import iso_in_zone
from followup_desktop.core.model import PENDING_STATUSES
from followup_desktop.store import queries, writes
from followup_desktop.store.agenda_json import agenda_json
from followup_desktop.store.demo import fill_demo
from followup_desktop.store.open import open_store
from tests.builders import SUNDAY_MORNING


@pytest.fixture
def db(tmp_path):
    handle = open_store(tmp_path / "a.sqlite3")
    fill_demo(handle, SUNDAY_MORNING)
    yield handle
    handle.close()


def expected(db, **window) -> list[dict]:
    return [
        {
            "id": f.id,
            "kind": str(f.kind),
            "due": iso_in_zone(f.due, f.timezone),
            "timezone": f.timezone,
            "status": str(f.status),
            "application": f.application,
            "company": item.company_name,
            "role": item.application_role,
            "contact": f.contact,
            "contact_name": item.contact_name,
            "channel": str(f.channel),
            "reason": f.reason,
            "status_reason": f.status_reason,
            "manual": f.manual,
            "due_now": f.status in PENDING_STATUSES and f.due <= SUNDAY_MORNING,
        }
        for item in queries.agenda(db, **window)
        for f in [item.followup]
    ]


@pytest.mark.parametrize(
    "window",
    [
        {},
        {"include_all": True},
        {"start": SUNDAY_MORNING - timedelta(days=3), "end": SUNDAY_MORNING + timedelta(days=10)},
        {"start": SUNDAY_MORNING, "include_all": True},
    ],
)
def test_same_items_keys_and_order_as_the_dataclass_agenda(db, window):
    items = json.loads(agenda_json(db, SUNDAY_MORNING, **window))
    assert items == expected(db, **window)
    assert items, "the demo has follow-ups in every window tested"
    assert all(list(i) == list(items[0]) for i in items)  # one key order for every item


def test_due_carries_the_employer_offset_and_ties_sort_by_id(db):
    items = json.loads(agenda_json(db, SUNDAY_MORNING, include_all=True))
    dues = [datetime.fromisoformat(i["due"]) for i in items]
    assert all(d.utcoffset() is not None for d in dues)
    keys = [(d.astimezone(UTC), i["id"]) for d, i in zip(dues, items, strict=True)]
    assert keys == sorted(keys)
    assert {i["due"][-6:] for i in items} >= {"-05:00", "+09:00"}  # New York and Tokyo slots


def test_manual_flag_and_text_survive_as_json(db):
    item = queries.agenda(db)[0].followup
    writes.reschedule(db, item.id, SUNDAY_MORNING + timedelta(days=2), SUNDAY_MORNING)
    found = next(i for i in json.loads(agenda_json(db, SUNDAY_MORNING)) if i["id"] == item.id)
    assert found["manual"] is True and found["due_now"] is False
    assert (
        json.loads(agenda_json(db, SUNDAY_MORNING, start=SUNDAY_MORNING + timedelta(days=900)))
        == []
    )
