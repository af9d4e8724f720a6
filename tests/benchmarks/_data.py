"""Generated job searches for the benchmarks: interchange v1 documents of any size, realistic
variety (zones, countries with public holidays, stages, formats, replies), deterministic by seed.

Not collected by pytest (no test_ prefix); imported by the bench_*.py scripts.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # benchmark the checkout, run as `python tests/benchmarks/...`
    sys.path.insert(0, str(REPO))

#: (zone, country, subdivision): employers across continents and holiday calendars.
PLACES = [
    ("America/New_York", "US", "NY"),
    ("America/Chicago", "US", "IL"),
    ("America/Denver", "US", "CO"),
    ("America/Los_Angeles", "US", "CA"),
    ("America/Toronto", "CA", "ON"),
    ("America/Vancouver", "CA", "BC"),
    ("America/Sao_Paulo", "BR", "SP"),
    ("America/Mexico_City", "MX", None),
    ("Europe/London", "GB", "ENG"),
    ("Europe/Dublin", "IE", None),
    ("Europe/Berlin", "DE", "BY"),
    ("Europe/Paris", "FR", None),
    ("Europe/Madrid", "ES", "MD"),
    ("Europe/Amsterdam", "NL", None),
    ("Europe/Stockholm", "SE", None),
    ("Europe/Warsaw", "PL", None),
    ("Europe/Zurich", "CH", "ZH"),
    ("Asia/Kolkata", "IN", None),
    ("Asia/Singapore", "SG", None),
    ("Asia/Tokyo", "JP", None),
    ("Asia/Dubai", "AE", None),
    ("Australia/Sydney", "AU", "NSW"),
    ("Pacific/Auckland", "NZ", None),
    ("Africa/Johannesburg", "ZA", None),
]
STAGES = ["interviewing"] * 7 + ["applied", "offer", "rejected", "withdrawn"]
FORMATS = ["video", "phone", "in_person", "panel", "final_round"]
FIRST = ["Dana", "Omar", "Priya", "Jonas", "Léa", "Amelia", "Haruto", "Mia", "Sam", "Chloé"]
LAST = ["Lee", "Haddad", "Natarajan", "Becker", "Schmitt", "Clarke", "Sato", "Nguyen", "Ortiz"]


def job_search(applications: int, now: datetime, seed: int = 7) -> dict[str, Any]:
    """An interchange v1 document: ``applications`` applications over half as many companies,
    each with two contacts (both interview), one interview and one message."""
    rnd = random.Random(seed)
    companies, contacts, apps, interviews, comms = [], [], [], [], []
    n_companies = max(1, applications // 2)
    for c in range(n_companies):
        zone, country, subdivision = PLACES[c % len(PLACES)]
        companies.append(
            {
                "id": f"co{c}",
                "name": f"Company {c}",
                "timezone": zone,
                "country": country,
                "subdivision": subdivision,
                "blackout_dates": [],
                "notes": "",
            }
        )
    for a in range(applications):
        company = companies[a % n_companies]
        zone = ZoneInfo(company["timezone"])
        people = []
        for k in range(2):
            cid = f"p{a}-{k}"
            people.append(cid)
            contacts.append(
                {
                    "id": cid,
                    "company": company["id"],
                    "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                    "title": "Engineering Manager" if k == 0 else "Senior Engineer",
                    "email": f"{cid}@example.org",
                    "phone": "+1 555 0100" if rnd.random() < 0.3 else None,
                }
            )
        app_id = f"app{a}"
        apps.append(
            {
                "id": app_id,
                "company": company["id"],
                "role": f"Engineer {a}",
                "stage": rnd.choice(STAGES),
                "contact": people[0],
                "no_phone_calls": rnd.random() < 0.2,
            }
        )
        starts = (now + timedelta(days=rnd.randint(-45, 10))).astimezone(zone)
        starts = starts.replace(hour=rnd.randint(9, 16), minute=rnd.choice((0, 30)), second=0)
        interviews.append(
            {
                "id": f"{app_id}-1",
                "application": app_id,
                "starts_at": starts.replace(microsecond=0).isoformat(),
                "duration_minutes": 45,
                "format": rnd.choice(FORMATS),
                "interviewers": people,
                "notes": {"topics": "System design; team rituals.", "highlights": "Good rapport."},
            }
        )
        received = rnd.random() < 0.25
        at = starts + timedelta(days=rnd.randint(-7, 5))
        comms.append(
            {
                "id": f"m{a}",
                "application": app_id,
                "contact": people[0],
                "at": at.replace(microsecond=0).isoformat(),
                "channel": "email",
                "direction": "received" if received else "sent",
                "summary": "Scheduling" if received else "Thanks for the invitation",
            }
        )
    return {
        "format": "followup-desktop",
        "version": 1,
        "profile": {
            "name": "Alex Morgan",
            "email": "alex@example.org",
            "timezone": "America/Chicago",
            "country": "US",
            "subdivision": "IL",
            "cadence": "standard",
        },
        "companies": companies,
        "contacts": contacts,
        "applications": apps,
        "interviews": interviews,
        "communications": comms,
        "followups": [],
        "templates": [],
    }


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms" if seconds < 10 else f"{seconds:8.2f} s "


@dataclass(frozen=True)
class Ran:
    seconds: float  # wall time from spawn to exit
    out: str
    err: str
    rss_mb: float | None  # the child's own peak resident memory (None: not measurable here)
    code: int


#: GNU time forks a small process for the command. Peak RSS read by the parent (wait4) would be
#: wrong: a child spawned by a big Python parent (vfork) inherits the parent's high-water mark.
GNU_TIME = Path("/usr/bin/time")


def run(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Ran:
    """Run a process to its end: wall time, output and its peak RSS (via GNU time if present)."""
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        wrapped = argv
        if GNU_TIME.exists():
            wrapped = [str(GNU_TIME), "-f", "%M", "-o", str(rss_file), *argv]
        start = time.perf_counter()
        done = subprocess.run(wrapped, env=env, cwd=cwd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        rss = None
        if rss_file.exists():
            lines = rss_file.read_text().split()
            rss = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
        return Ran(seconds, done.stdout, done.stderr, rss, done.returncode)


def app_command() -> list[str]:
    """The app's command line: the console script next to this interpreter, else the checkout."""
    script = Path(sys.executable).parent / "followup-desktop"
    return [str(script)] if script.exists() else [sys.executable, "-m", "followup_desktop"]


def app_env(pycache: Path, **extra: str) -> dict[str, str]:
    """This environment with the checkout importable and no database override. Bytecode is
    cached under ``pycache`` (outside the repository), as an installed app's would be, even
    where PYTHONDONTWRITEBYTECODE is set: compiling the app at every start is not its start-up."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("FOLLOWUP_DESKTOP_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env.update(extra)
    return env
