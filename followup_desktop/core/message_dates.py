"""Dates in a message, in the message's language: "Tuesday 24 November", "Dienstag,
24. November", "mardi 24 novembre" (Babel's CLDR month and day names).

English keeps the British order the templates were written for (day before month, no comma).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

#: Babel locale and patterns per message language: (locale, weekday + day, day, day + year).
_PATTERNS: dict[str, tuple[str, str, str, str]] = {
    "en": ("en_GB", "EEEE d MMMM", "d MMMM", "d MMMM y"),
    "de": ("de", "EEEE, d. MMMM", "d. MMMM", "d. MMMM y"),
    "fr": ("fr", "EEEE d MMMM", "d MMMM", "d MMMM y"),
}


@lru_cache(maxsize=8)
def _locale(name: str) -> Any:
    # lazy: Babel and its locale data cost ~40 ms, paid by the first draft, not at start-up
    from babel import Locale

    return Locale.parse(name)


def _format(day: date, pattern: str, language: str) -> str:
    # lazy: see _locale (the module is loaded with it)
    from babel.dates import format_date

    return str(format_date(day, pattern, locale=_locale(_PATTERNS[language][0])))


def _language(language: str) -> str:
    return language if language in _PATTERNS else "en"


def day_words(day: date, language: str = "en", *, weekday: bool = True, year: bool = False) -> str:
    """The day in words: with the weekday ("Tuesday 24 November") or the year."""
    lang = _language(language)
    _, with_weekday, plain, with_year = _PATTERNS[lang]
    pattern = with_year if year else plain
    if weekday:
        pattern = with_weekday + (pattern[len(plain) :] if year else "")
    return _format(day, pattern, lang)


def weekday_name(day: date, language: str = "en") -> str:
    return _format(day, "EEEE", _language(language))


def recent_day_words(day: date, today: date, language: str = "en") -> str:
    """``day`` as a message refers back to it: its weekday within the past week ("Tuesday"),
    else the date ("Tuesday 24 November")."""
    if 0 <= (today - day).days < 7:
        return weekday_name(day, language)
    return day_words(day, language)


def working_time(start: datetime, end: datetime, weekend: tuple[int, ...]) -> timedelta:
    """``end - start`` less the whole weekend days between them (in ``start``'s zone)."""
    elapsed = end - start
    day = start.date() + timedelta(days=1)
    while day < end.date():
        if day.weekday() in weekend:
            elapsed -= timedelta(days=1)
        day += timedelta(days=1)
    return elapsed
