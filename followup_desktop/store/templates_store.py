"""The message side of the store: the user's templates (save, rename, delete, import, export),
the facts a draft is written from, and recording that a draft was sent.

Safe editing: :func:`save_checked` renders the text on the sample interview first; text that
does not render never replaces the saved version (the last good one stays in use) and is kept
as the template's draft (:func:`get_draft`) until it renders or is discarded.

Each public function that writes is one user action and one transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from followup_desktop.core.interchange import Document, parse_document
from followup_desktop.core.interchange_export import to_json
from followup_desktop.core.interchange_fields import InterchangeError, read_json
from followup_desktop.core.languages import message_language
from followup_desktop.core.message_context import (
    MessageFacts,
    day_words,
    employer_zone,
    example_facts,
)
from followup_desktop.core.message_errors import TemplateProblem
from followup_desktop.core.messages import from_record, render_parts
from followup_desktop.core.model import (
    Application,
    Channel,
    Communication,
    Company,
    Direction,
    FollowUp,
    FollowUpStatus,
    Interview,
    Profile,
    Template,
)
from followup_desktop.core.planner import main_contact
from followup_desktop.store import queries, records, writes
from followup_desktop.store.db import Database, StoreError, transaction
from followup_desktop.store.transfer import known_ids


def get_template(db: Database, template_id: str) -> Template | None:
    rows = db.execute("SELECT * FROM templates WHERE id = ?", [template_id]).fetchall()
    if not rows:
        return None
    names = [d[0] for d in db.execute("SELECT * FROM templates LIMIT 0").description]
    return records.template_from_row(dict(zip(names, rows[0], strict=True)))


def new_template_id(db: Database, kind: str) -> str:
    """A fresh id like ``check_in-2`` (readable in exports)."""
    taken = {r[0] for r in db.execute("SELECT id FROM templates").fetchall()}
    number = 1
    while f"{kind}-{number}" in taken:
        number += 1
    return f"{kind}-{number}"


def delete_template(db: Database, template_id: str) -> None:
    """ "Restore the built-in": the user's copy (and its draft) goes; the shipped file of its
    kind is used again."""
    with transaction(db):
        db.execute("DELETE FROM templates WHERE id = ?", [template_id])
        db.execute("DELETE FROM settings WHERE key = ?", [DRAFT_KEY + template_id])


def put_template(db: Database, template_id: str, template: Template | None) -> None:
    """Put one version back (undo and redo): ``template``, or none (the copy deleted)."""
    with transaction(db):
        if template is None:
            delete_template(db, template_id)
        else:
            writes.save_template(db, replace(template, id=template_id))


# --- saving only what renders -------------------------------------------------------------

DRAFT_KEY = "template_draft/"


@dataclass(frozen=True, slots=True)
class TemplateDraft:
    """Text the user saved that did not render: kept, not used."""

    subject: str
    body: str
    problem: str


@dataclass(frozen=True, slots=True)
class TemplateSave:
    """What :func:`save_checked` did: ``saved`` or kept as a draft (``problem`` says why);
    ``before`` and ``after`` are the active versions around it (for undo)."""

    saved: bool
    before: Template | None
    after: Template | None
    problem: TemplateProblem | None = None


def sample_problem(db: Database, template: Template, now: datetime) -> TemplateProblem | None:
    """Why ``template`` does not render on the sample interview (None when it does)."""
    try:
        sample = example_facts(queries.get_profile(db), now)
        render_parts(from_record(template), replace(sample, language=template.language))
    except TemplateProblem as exc:
        return exc
    return None


def save_checked(db: Database, template: Template, now: datetime) -> TemplateSave:
    """Save ``template`` if it renders on the sample interview; else keep the text as its
    draft and leave the active version as it was (one transaction either way)."""
    with transaction(db):
        before = get_template(db, template.id)
        problem = sample_problem(db, template, now)
        if problem is None:
            writes.save_template(db, template)
            db.execute("DELETE FROM settings WHERE key = ?", [DRAFT_KEY + template.id])
            return TemplateSave(True, before, template)
        kept = {"subject": template.subject, "body": template.body, "problem": str(problem)}
        writes.set_setting(db, DRAFT_KEY + template.id, json.dumps(kept, ensure_ascii=False))
        return TemplateSave(False, before, before, problem)


def get_draft(db: Database, template_id: str) -> TemplateDraft | None:
    """The text of ``template_id`` that was kept because it did not render, if any."""
    value = queries.get_setting(db, DRAFT_KEY + template_id)
    if not value:
        return None
    try:
        data = json.loads(value)
        return TemplateDraft(str(data["subject"]), str(data["body"]), str(data["problem"]))
    except (ValueError, KeyError, TypeError):
        return None


def discard_draft(db: Database, template_id: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM settings WHERE key = ?", [DRAFT_KEY + template_id])


def rename_template(db: Database, template_id: str, name: str) -> Template:
    name = " ".join(name.split())
    if not name:
        raise StoreError("A template needs a name.")
    with transaction(db):
        found = get_template(db, template_id)
        if found is None:
            raise StoreError(f"There is no template {template_id!r}.")
        renamed = replace(found, name=name)
        writes.save_template(db, renamed)
        return renamed


def import_templates(db: Database, path: Path) -> list[Template]:
    """Only the templates of an interchange file (one transaction; a bad file changes nothing).

    Raises InterchangeError (one sentence naming file, record and field) for a bad file.
    """
    doc = parse_document(read_json(path), str(path), known_ids(db))
    if not doc.templates:
        raise InterchangeError(f"{path}: the file holds no templates.")
    with transaction(db):
        for template in doc.templates:
            writes.save_template(db, replace(template, builtin=False))
    return doc.templates


def export_templates(db: Database, path: Path, ids: list[str] | None = None) -> int:
    """Write the user's templates (or those of ``ids``) as an interchange file; the count."""
    templates = [t for t in queries.list_templates(db) if ids is None or t.id in ids]
    data = to_json(Document(profile=Profile(), templates=templates))
    data.pop("profile", None)  # importing the file must not change anyone's profile
    for section in ("companies", "contacts", "applications", "interviews"):
        data.pop(section, None)
    for section in ("communications", "followups"):
        data.pop(section, None)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return len(templates)


# --- facts for drafts and previews ---------------------------------------------------------


def facts_for(
    db: Database,
    application_id: str,
    interview_id: str | None,
    contact_id: str | None,
    now: datetime,
) -> MessageFacts:
    """What a message to ``contact_id`` about ``interview_id`` is written from."""
    app = queries.get_application(db, application_id)
    if app is None:
        raise StoreError(f"There is no application {application_id!r}.")
    interview: Interview | None = None
    if interview_id:
        interview = queries.get_interview(db, interview_id)
    if interview is None:  # rejection and offer replies: the latest interview, if any
        interviews = queries.list_interviews(db, [application_id])
        interview = interviews[-1] if interviews else None
    if contact_id is None:
        contact_id = main_contact(app, [interview] if interview else [])
    ids = set(interview.interviewers if interview else []) | ({contact_id} if contact_id else set())
    people = queries.contacts_by_id(db, ids)
    profile = queries.get_profile(db)
    company = queries.get_company(db, app.company)
    return MessageFacts(
        profile=profile,
        application=app,
        company=company,
        interview=interview,
        contact=people.get(contact_id) if contact_id else None,
        people={c: people[c] for c in (interview.interviewers if interview else []) if c in people},
        now=now,
        language=application_language(app, company, profile.country),
    )


def application_language(
    app: Application, company: Company | None, profile_country: str | None = None
) -> str:
    """The language ``app``'s messages are written in (its own, else the employer's)."""
    return message_language(
        app.language,
        company.country if company else None,
        company.subdivision if company else None,
        company.timezone if company else None,
        profile_country,
    )


def facts_for_followup(
    db: Database, followup_id: str, now: datetime
) -> tuple[FollowUp, MessageFacts]:
    item = queries.get_followup(db, followup_id)
    if item is None:
        raise StoreError(f"There is no follow-up {followup_id!r}.")
    # The message goes out at the due time (or now, if later): "has the stated decision date
    # passed?" is answered for that moment.
    moment = max(now, item.due)
    return item, facts_for(db, item.application, item.interview, item.contact, moment)


@dataclass(frozen=True, slots=True)
class PreviewChoice:
    """A real interview to preview templates with, and its interviewers (id, name)."""

    application: str
    interview: str
    label: str
    people: tuple[tuple[str, str], ...]


def preview_choices(db: Database, now: datetime) -> list[PreviewChoice]:
    """Recorded interviews labelled for a menu: the most recent past one first, then the
    others back in time, then upcoming ones (they have no notes yet)."""
    interviews = queries.list_interviews(db)
    apps = {a.id: a for a in queries.list_applications(db)}
    companies = {c.id: c for c in queries.list_companies(db)}
    names = dict(db.execute("SELECT id, name FROM contacts").fetchall())
    profile = queries.get_profile(db)
    choices = []
    past = [iv for iv in interviews if iv.starts_at <= now]
    upcoming = [iv for iv in interviews if iv.starts_at > now]
    for iv in [*reversed(past), *upcoming]:
        app = apps.get(iv.application)
        if app is None:
            continue
        company = companies.get(app.company)
        facts = MessageFacts(profile, app, company, iv, now=now)
        day = day_words(iv.starts_at.astimezone(employer_zone(facts)).date())
        label = f"{company.name if company else app.company} · {app.role or 'no role'} · {day}"
        people = tuple((c, names.get(c) or c) for c in iv.interviewers)
        choices.append(PreviewChoice(app.id, iv.id, label, people))
    return choices


# --- after the hand-off --------------------------------------------------------------------


def record_sent(db: Database, followup_id: str, summary: str, now: datetime) -> Communication:
    """The user sent it: the follow-up is done and the message is in the log (one transaction)."""
    with transaction(db):
        item = writes.mark_done(db, followup_id, now)
        channel = item.channel if item.channel != Channel.OTHER else Channel.EMAIL
        comm = Communication(
            id=f"sent-{uuid.uuid4().hex[:12]}",
            application=item.application,
            at=now,
            direction=Direction.SENT,
            contact=item.contact,
            channel=channel,
            summary=summary.strip()[:300],
        )
        writes.log_communication(db, comm, now)
    return comm


def is_done(db: Database, followup_id: str) -> bool:
    item = queries.get_followup(db, followup_id)
    return item is not None and item.status == FollowUpStatus.DONE
