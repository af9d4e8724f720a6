"""A job-search tracker saved as CSV, read into an interchange document (shared/interchange.md:
``import FILE.csv [--mapping FILE.json] [--dry-run]``).

One row is one application. Columns are found by their header, matched without regard to case,
spaces, ``_`` or ``-`` ("Company", "company name", "EMPLOYER"); a mapping (field -> header, the
JSON object ``--mapping`` reads and ``--dry-run`` prints) names them instead. Only the company is
required. Rows are numbered as a spreadsheet shows them (the header is row 1); each bad cell is
one sentence naming the row and the column.

The document goes through ``parse_document`` and ``import_document`` like any interchange file,
so what it plans is what the form would plan. Ids come from the company, role and contact
(``acme``, ``acme-backend-engineer``, ``acme-dana-lee``); records the database already has under
those ids are left as they are, so importing the same tracker twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from followup_desktop.core.instants import parse_instant, zone
from followup_desktop.core.interchange import FORMAT, VERSION, KnownIds
from followup_desktop.core.interchange_fields import InterchangeError, validate_country
from followup_desktop.core.model import Stage

#: A tracker larger than this is not a job search (and is not read into memory).
MAX_BYTES = 5_000_000
MAX_ROWS = 10_000
#: The time given to an interview whose cell holds only a date.
DATE_ONLY_TIME = time(12, 0)

#: Field -> the headers it is recognised by (normalised: lower case, single spaces).
HEADERS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organisation", "organization"),
    "role": ("role", "position", "job title", "job", "title", "position title"),
    "stage": ("stage", "status", "application status"),
    "contact": ("contact", "contact name", "recruiter", "hiring manager", "interviewer"),
    "contact_title": ("contact title", "recruiter title", "interviewer title"),
    "contact_email": ("contact email", "email", "e mail", "recruiter email"),
    "contact_phone": ("contact phone", "phone", "recruiter phone"),
    "interview": ("interview", "interview date", "interview time", "interview at", "interviewed"),
    "timezone": ("time zone", "timezone", "zone"),
    "country": ("country", "country code"),
    "decision_expected_by": ("decision date", "decision expected by", "decision by"),
    "posting_url": ("posting url", "posting", "job posting", "job link", "job url", "url", "link"),
}
FIELDS = tuple(HEADERS)

#: Stage words trackers use -> the stage (normalised like headers).
STAGE_WORDS: dict[str, Stage] = {
    **{s.value: s for s in Stage},
    "application sent": Stage.APPLIED,
    "submitted": Stage.APPLIED,
    "interview": Stage.INTERVIEWING,
    "interview scheduled": Stage.INTERVIEWING,
    "interviewed": Stage.INTERVIEWING,
    "phone screen": Stage.INTERVIEWING,
    "screening": Stage.INTERVIEWING,
    "in progress": Stage.INTERVIEWING,
    "offer received": Stage.OFFER,
    "offer accepted": Stage.ACCEPTED,
    "hired": Stage.ACCEPTED,
    "offer declined": Stage.DECLINED,
    "rejection": Stage.REJECTED,
    "not selected": Stage.REJECTED,
    "withdrew": Stage.WITHDRAWN,
    "ghosted": Stage.CLOSED,
    "no response": Stage.CLOSED,
}


class TrackerError(InterchangeError):
    """A tracker that cannot be read; ``str()`` is one sentence naming the row and column."""


@dataclass
class TrackerRead:
    """What a tracker holds: the interchange document, and how its columns were read."""

    document: dict[str, Any]
    mapping: dict[str, str]  # field -> header as written in the file
    ignored: list[str]  # headers no field uses
    rows: int  # data rows read (blank rows aside)
    kept: int = 0  # records left as they are because the database has them already
    sections: dict[str, int] = field(default_factory=dict)

    def sentence(self) -> str:
        """What the read found, e.g. for ``--dry-run``."""
        ignored = f"; ignored columns: {', '.join(self.ignored)}" if self.ignored else ""
        return f"{self.rows} row{'s' if self.rows != 1 else ''} read{ignored}."


def normal(header: str) -> str:
    """'  Job_Title* ' -> 'job title' (how headers and stage words are compared)."""
    text = re.sub(r"[\s_\-]+", " ", header.casefold()).strip(" :*")
    return " ".join(text.split())


def slug(text: str) -> str:
    """'Léa Schmitt' -> 'lea-schmitt'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-") or "item"


def read_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without BOM), else Windows-1252 as older Excel saves."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TrackerError(
                f"{path}: the file is {size // 1_000_000} MB; a tracker is read up to "
                f"{MAX_BYTES // 1_000_000} MB."
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise TrackerError(f"{path}: the file does not exist.") from exc
    except OSError as exc:
        raise TrackerError(f"{path}: the file cannot be read ({exc.strerror}).") from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TrackerError(f"{path}: the file is neither UTF-8 nor Windows text; save it as UTF-8 CSV.")


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Field -> header for every field one of ``headers`` names (the first that fits wins)."""
    found: dict[str, str] = {}
    used: set[str] = set()
    for name, words in HEADERS.items():
        for word in words:  # in the order of preference
            header = next((h for h in headers if normal(h) == word and h not in used), None)
            if header is not None:
                found[name] = header
                used.add(header)
                break
    return found


def check_mapping(data: Any, label: str, headers: Sequence[str]) -> dict[str, str]:
    """A mapping read from JSON, checked against the fields and the file's headers."""
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise TrackerError(f"{label}: a mapping is a JSON object of field -> column header.")
    by_normal = {normal(h): h for h in headers}
    mapping: dict[str, str] = {}
    for name, header in data.items():
        if name not in HEADERS:
            raise TrackerError(
                f"{label}: {name!r} is not a tracker field; use one of {', '.join(FIELDS)}."
            )
        if normal(header) not in by_normal:
            raise TrackerError(f"{label}: field {name!r} names a column {header!r} the file lacks.")
        mapping[name] = by_normal[normal(header)]
    return mapping


def read_tracker(
    text: str,
    label: str,
    *,
    default_zone: str,
    known: KnownIds | None = None,
    mapping: Mapping[str, str] | None = None,
) -> TrackerRead:
    """Read the CSV ``text`` (named ``label`` in sentences); ``default_zone`` is the zone of an
    interview whose row names none (the user's home zone). TrackerError at the first bad cell."""
    rows = _table(text, label)
    headers = rows[0]
    chosen = dict(mapping) if mapping is not None else guess_mapping(headers)
    if "company" not in chosen:
        raise TrackerError(
            f"{label}: no column names the company; call one Company (or Employer), "
            "or name it in a mapping."
        )
    positions = {name: headers.index(header) for name, header in chosen.items()}
    builder = _TrackerRecords(label, default_zone, known or KnownIds())
    count = 0
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cells[i].strip() if i < len(cells) else "" for name, i in positions.items()}
        builder.add(_TrackerRow(label, number, values, chosen))
        count += 1
    ignored = [h for h in headers if h not in chosen.values() and h.strip()]
    return TrackerRead(
        builder.document(),
        chosen,
        ignored,
        count,
        len(builder.kept),
        {k: len(v) for k, v in builder.sections.items()},
    )


def _table(text: str, label: str) -> list[list[str]]:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            sample.partition("\n")[0] or sample, delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    try:
        rows = []
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise TrackerError(f"{label}: more than {MAX_ROWS} rows; split the file.")
    except csv.Error as exc:
        raise TrackerError(f"{label}: not a readable CSV file ({exc}).") from exc
    if not rows or not any(h.strip() for h in rows[0]):
        raise TrackerError(f"{label}: the first row must name the columns (Company, Role, ...).")
    if len(rows) == 1:
        raise TrackerError(f"{label}: the file has column names but no rows.")
    return rows


@dataclass
class _TrackerRow:
    label: str
    number: int
    values: dict[str, str]
    headers: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def fail(self, name: str, problem: str) -> TrackerError:
        column = self.headers.get(name, name)
        return TrackerError(f"{self.label}, row {self.number}, column {column!r}: {problem}.")


class _TrackerRecords:
    """Rows -> interchange records, merging rows of the same company, role and contact."""

    def __init__(self, label: str, default_zone: str, known: KnownIds) -> None:
        self.label, self.default_zone, self.known = label, default_zone, known
        self.sections: dict[str, dict[str, dict[str, Any]]] = {
            s: {} for s in ("companies", "contacts", "applications", "interviews")
        }
        self.rounds: dict[str, int] = {}
        self.kept: set[tuple[str, str]] = set()  # (section, id) the database has already

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        doc.update({name: list(records.values()) for name, records in self.sections.items()})
        return doc

    def _put(self, section: str, record: dict[str, Any], known: set[str]) -> None:
        rid = record["id"]
        if rid in known:
            self.kept.add((section, rid))
        else:
            self.sections[section].setdefault(rid, record)

    def add(self, row: _TrackerRow) -> None:
        company_name = row.get("company")
        if not company_name:
            raise row.fail("company", "is empty; every row needs the company")
        zone_name = self._zone(row)
        company_id = slug(company_name)
        country = row.get("country").upper() or None
        if country is not None:
            problem = validate_country(country)
            if problem:
                raise row.fail("country", f"{problem}; use a two-letter code such as DE")
        company = {
            "id": company_id,
            "name": company_name,
            "timezone": zone_name,
            "country": country,
        }
        self._put("companies", company, self.known.companies)
        contact_id = self._contact(row, company_id)
        role = row.get("role")
        app_id = slug(f"{company_id}-{role}") if role else company_id
        interview = self._interview(row, zone_name or self.default_zone)
        stage = self._stage(row, interview is not None)
        application = {
            "id": app_id,
            "company": company_id,
            "role": role,
            "stage": str(stage),
            "contact": contact_id,
            "decision_expected_by": self._date(row, "decision_expected_by"),
            "posting_url": self._url(row),
        }
        self._put("applications", application, self.known.applications)
        if interview is not None:
            number = self.rounds.get(app_id, 0) + 1
            self.rounds[app_id] = number
            record = {
                "id": f"{app_id}-{number}",
                "application": app_id,
                "starts_at": interview,
                "round": number,
                "interviewers": [contact_id] if contact_id else [],
            }
            if zone_name:
                record["timezone"] = zone_name
            self._put("interviews", record, self.known.interviews)

    def _zone(self, row: _TrackerRow) -> str | None:
        text = row.get("timezone")
        if not text:
            return None
        try:
            zone(text)
        except ValueError:
            raise row.fail(
                "timezone", f"{text!r} is not a time zone such as Europe/Berlin"
            ) from None
        return text

    def _contact(self, row: _TrackerRow, company_id: str) -> str | None:
        name = row.get("contact")
        email = row.get("contact_email")
        if not name:
            if email:
                raise row.fail("contact_email", "has an address but the row names no contact")
            return None
        if email and "@" not in email:
            raise row.fail("contact_email", f"{email!r} is not an email address (it has no @)")
        contact = {
            "id": f"{company_id}-{slug(name)}",
            "company": company_id,
            "name": name,
            "title": row.get("contact_title") or None,
            "email": email or None,
            "phone": row.get("contact_phone") or None,
        }
        self._put("contacts", contact, self.known.contacts)
        return str(contact["id"])

    @staticmethod
    def _stage(row: _TrackerRow, interviewed: bool) -> Stage:
        text = row.get("stage")
        if not text:
            return Stage.INTERVIEWING if interviewed else Stage.APPLIED
        found = STAGE_WORDS.get(normal(text))
        if found is None:
            allowed = ", ".join(s.value for s in Stage)
            raise row.fail("stage", f"{text!r} is not a stage; use one of {allowed}")
        return found

    def _interview(self, row: _TrackerRow, zone_name: str) -> str | None:
        text = row.get("interview")
        if not text:
            return None
        if "T" in text or "+" in text or text.endswith("Z"):
            try:
                return parse_instant(text).isoformat()
            except ValueError:
                pass
        day_text, _, clock = text.replace("T", " ", 1).partition(" ")
        try:
            day = _day(day_text)
        except ValueError as exc:
            raise row.fail("interview", str(exc)) from None
        moment = _clock(clock.strip()) if clock.strip() else DATE_ONLY_TIME
        if moment is None:
            raise row.fail("interview", f"{text!r} is not a date and time such as 2026-11-20 14:00")
        return datetime.combine(day, moment, tzinfo=zone(zone_name)).isoformat()

    @staticmethod
    def _date(row: _TrackerRow, name: str) -> str | None:
        text = row.get(name)
        if not text:
            return None
        try:
            return _day(text).isoformat()
        except ValueError as exc:
            raise row.fail(name, str(exc)) from None

    @staticmethod
    def _url(row: _TrackerRow) -> str | None:
        text = row.get("posting_url")
        if text and not re.match(r"^https?://\S+$", text, re.IGNORECASE):
            raise row.fail("posting_url", f"{text!r} is not a web address (https://...)")
        return text or None


def _day(text: str) -> date:
    """2026-11-20, 20.11.2026, or 20/11/2026 and 11/20/2026 when the day is above 12;
    ValueError with what is wrong (a date such as 03/04/2026 can be read two ways)."""
    slashed = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if dotted:
            day, month, year = (int(p) for p in dotted.groups())
            return date(year, month, day)
        if slashed:
            first, second, year = (int(p) for p in slashed.groups())
            if first > 12 >= second:
                return date(year, second, first)
            if second > 12 >= first:
                return date(year, first, second)
    except ValueError:  # 2026-02-30
        raise ValueError(f"{text!r} is not a real date") from None
    if slashed:
        raise ValueError(f"{text!r} can be read as day/month or month/day; write it as YYYY-MM-DD")
    raise ValueError(f"{text!r} is not a date such as 2026-12-10")


def _clock(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else None
