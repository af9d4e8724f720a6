"""The languages a message can be written in, and which one an application starts with.

A message goes out in the employer's language: German for a company in Germany, Austria,
Liechtenstein or Switzerland, French for France, Belgium, Luxembourg, Monaco and Quebec,
English everywhere else. The user can change it per application (``Application.language``);
``None`` there means "from the company's country", so moving a company to another country moves
its default too.
"""

from __future__ import annotations

from followup_desktop.core.zones import country_for_zone

#: Message languages, in the order they are offered.
LANGUAGES: tuple[str, ...] = ("en", "de", "fr")
#: How each language is named in lists (its English name, then its own).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "de": "German (Deutsch)",
    "fr": "French (français)",
}
_BY_COUNTRY = {"DE": "de", "AT": "de", "LI": "de", "CH": "de"}
_BY_COUNTRY |= {"FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr"}
_BY_REGION = {("CA", "QC"): "fr"}


def language_name(code: str | None) -> str:
    return LANGUAGE_NAMES.get(code or "", code or "English")


def normal_language(text: str | None) -> str | None:
    """``text`` as one of :data:`LANGUAGES` ("de-AT", "German", "Deutsch" -> "de"); None if not."""
    if not text or not text.strip():
        return None
    word = text.strip().replace("_", "-").split("-")[0].casefold()
    if word in LANGUAGES:
        return word
    for code, name in LANGUAGE_NAMES.items():
        names = name.replace("(", " ").replace(")", " ").casefold().split()
        if word in names:
            return code
    return None


def default_language(country: str | None, subdivision: str | None = None) -> str:
    """The language of an employer in ``country`` (ISO 3166 code), English when unknown."""
    code = (country or "").strip().upper()
    region = (subdivision or "").strip().upper()
    return _BY_REGION.get((code, region)) or _BY_COUNTRY.get(code, "en")


def message_language(
    chosen: str | None,
    company_country: str | None,
    company_subdivision: str | None,
    company_zone: str | None,
    profile_country: str | None = None,
) -> str:
    """The language an application's messages are written in.

    The user's choice for the application if set; else the employer's country (the company's
    own, else the country of its time zone, else the user's) as :func:`default_language` reads it.
    """
    picked = normal_language(chosen)
    if picked:
        return picked
    if company_country:
        return default_language(company_country, company_subdivision)
    country = country_for_zone(company_zone) if company_zone else None
    return default_language(country or profile_country)
