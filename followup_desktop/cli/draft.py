"""``followup-desktop draft FOLLOWUP_ID [--json] [--kind KIND]``: print a follow-up's message.

The id is the one ``agenda --json`` prints. The template is the one the draft dialog would pick
(your own of that kind and the application's language first, then the built-in; ``--language``
writes it in another). Findings of the quality checks go to stderr so that stdout stays exactly
the message; with ``--json`` stdout is ``{"subject", "body", "language", "findings": [{"rule",
"words", "message"}]}`` (shared/interchange.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from followup_desktop import paths
from followup_desktop.cli.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, CliError
from followup_desktop.core import messages
from followup_desktop.store import queries, templates_store
from followup_desktop.store.db import Database


def compose_for(
    db: Database,
    followup_id: str,
    now: datetime,
    *,
    kind: str | None = None,
    language: str | None = None,
) -> tuple[messages.Draft, str]:
    """The message the draft dialog would write for a follow-up, and its language; CliError
    (one sentence) when there is none. ``outbox add`` queues the same text."""
    if queries.get_followup(db, followup_id) is None:
        raise CliError(
            f"There is no follow-up {followup_id!r} (see `agenda --json` for ids).",
            EXIT_BAD_INPUT,
        )
    item, facts = templates_store.facts_for_followup(db, followup_id, now)
    if language:
        facts = replace(facts, language=language)
    kind = kind or messages.suggested_kind(item, facts)
    if kind is None:
        raise CliError(
            f"Follow-up {item.id!r} is a reminder for you ({item.kind}), not a message.",
            EXIT_BAD_INPUT,
        )
    try:
        folder = paths.templates_dir()
    except FileNotFoundError:
        folder = None
    mine = [messages.from_record(t) for t in queries.list_templates(db)]
    choices = messages.templates_for(kind, mine, messages.load_builtins(folder), facts.language)
    if not choices:
        raise CliError(f"There is no template for {messages.kind_name(kind).lower()}.")
    result = messages.compose(choices[0], facts)
    if result.problem is not None:
        raise CliError(f"Template {choices[0].name!r}: {result.problem}", EXIT_FAILURE)
    return result, choices[0].language


def draft(args: argparse.Namespace, db: Database, path: Path, now: datetime) -> int:
    result, language = compose_for(
        db,
        args.followup_id,
        now,
        kind=args.kind,
        language=getattr(args, "language", None),
    )
    if args.json:
        parts = {"subject": result.subject, "body": result.body}
        findings = [
            {
                "rule": f.code,
                "words": parts[f.part][f.start : f.end] if f.start is not None else "",
                "message": f.message,
            }
            for f in result.findings
        ]
        out = parts | {"language": language, "findings": findings}
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"Subject: {result.subject}\n\n{result.body}")
    for finding in result.findings:
        print(f"check: {finding.message}", file=sys.stderr)
    return EXIT_OK
