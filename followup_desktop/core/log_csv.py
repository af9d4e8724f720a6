"""The communication log as CSV a spreadsheet opens correctly (the caller writes it UTF-8 with BOM).

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) get a leading apostrophe, the OWASP-recommended neutralisation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from followup_desktop.core.instants import zone
from followup_desktop.core.model import Application, Communication, Company

HEADER = (
    "Date",
    "Time",
    "Company",
    "Role",
    "Contact",
    "Channel",
    "Direction",
    "Summary",
    "Response",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def communications_csv(
    communications: Iterable[Communication],
    contact_names: Mapping[str, str],
    applications: Mapping[str, Application],
    companies: Mapping[str, Company],
    user_zone: str,
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    tz = zone(user_zone)
    for c in sorted(communications, key=lambda c: (c.at, c.id)):
        app = applications.get(c.application)
        company = companies.get(app.company) if app else None
        local = c.at.astimezone(tz)
        writer.writerow(
            neutralise(str(v))
            for v in (
                local.strftime("%Y-%m-%d"),
                local.strftime("%H:%M"),
                company.name if company else "",
                app.role if app else "",
                contact_names.get(c.contact, "") if c.contact else "",
                c.channel,
                c.direction,
                c.summary,
                c.response,
            )
        )
    return out.getvalue()
