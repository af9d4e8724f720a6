"""Golden drafts: the demo data's messages in English, German and French, as files to read.

Each file under ``tests/golden/<language>/`` is one draft as the draft window would show it
(subject, body, then the findings of the checks). A change to a template, a filter or a check
that changes a draft fails here until the files are rewritten and read again:

    FOLLOWUP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/golden -k de

The clock is the tests' fixed NOW, so the files do not depend on when they are made.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from followup_desktop import paths
from followup_desktop.core import messages
from followup_desktop.core.languages import LANGUAGES
from followup_desktop.core.model import TemplateKind
from tests.builders import NOW
from tests.message_cases import demo_in_memory

HERE = Path(__file__).resolve().parent
UPDATE = os.environ.get("FOLLOWUP_UPDATE_GOLDEN") == "1"
T = TemplateKind
#: (kind, application, interview, contact): every kind once for the demo's panel interview
#: with Dana, the panel's other two thank-yous (they must differ), each other interview's
#: thank-you, and the replies to a rejection and to an offer.
CASES: list[tuple[str, str, str | None, str | None]] = [
    *((kind.value, "acme-be", "acme-be-1", "dana") for kind in TemplateKind),
    (T.THANK_YOU_PANEL, "acme-be", "acme-be-1", "omar"),
    (T.THANK_YOU_PANEL, "acme-be", "acme-be-1", "priya"),
    (T.THANK_YOU_PANEL, "sakura-robotics", "sakura-robotics-1", "haruto"),
    (T.THANK_YOU_PANEL, "sakura-robotics", "sakura-robotics-1", "yui"),
    (T.THANK_YOU_VIDEO, "lumen-analytics", "lumen-analytics-1", "sam"),
    (T.THANK_YOU_VIDEO, "orbital-maps", "orbital-maps-1", "nadia"),
    (T.REJECTION_REPLY, "kestrel-data", None, None),
    (T.OFFER_ACCEPT, "fernhill-platform", None, None),
]


def case_id(case: tuple[str, str, str | None, str | None]) -> str:
    kind, application, _interview, contact = case
    return f"{kind}__{contact or application}"


@pytest.fixture(scope="module")
def demo():
    with demo_in_memory() as database:
        yield database


def golden_text(draft: messages.Draft) -> str:
    assert draft.problem is None, draft.problem
    findings = "".join(f"- {f.code}: {f.message}\n" for f in draft.findings) or "- none\n"
    return f"Subject: {draft.subject}\n\n{draft.body}\n\n-- findings --\n{findings}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_demo_drafts_read_as_the_golden_files_say(demo, case, language):
    from followup_desktop.store.templates_store import facts_for

    kind, application, interview, contact = case
    builtins = messages.load_builtins(paths.templates_dir())
    template = next(t for t in builtins if t.kind == kind and t.language == language)
    facts = replace(facts_for(demo, application, interview, contact, NOW), language=language)
    text = golden_text(messages.compose(template, facts))
    path = HERE / language / f"{case_id(case)}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}: run with FOLLOWUP_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_no_golden_file_is_left_over():
    expected = {f"{language}/{case_id(c)}.txt" for language in LANGUAGES for c in CASES}
    found = {p.relative_to(HERE).as_posix() for p in HERE.glob("*/*.txt")}
    assert found <= expected, sorted(found - expected)
