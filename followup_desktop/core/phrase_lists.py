"""Which phrase lists the checks read for a message's language (English, German, French).

The lists themselves are in core/message_check_phrases.py (the dataclasses and English),
core/message_check_phrases_de.py and core/message_check_phrases_fr.py.
"""

from __future__ import annotations

from followup_desktop.core.message_check_phrases import ENGLISH, Phrases
from followup_desktop.core.message_check_phrases_de import GERMAN
from followup_desktop.core.message_check_phrases_fr import FRENCH

#: Language code -> its phrases.
PHRASES: dict[str, Phrases] = {"en": ENGLISH, "de": GERMAN, "fr": FRENCH}


def phrases_for(language: str) -> Phrases:
    """The phrases of ``language`` ("en", "de-AT" -> "de"), English if there is no list."""
    return PHRASES.get(language.split("-")[0].split("_")[0].lower(), ENGLISH)
