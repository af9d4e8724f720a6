"""The French phrase lists of the message checks (see core/message_check_phrases.py).

What is matched and the replacement text are French; the ``why`` sentences are the user's
(English). French typography puts a no-break space before ":" and a narrow one before ";", "?"
and "!": every pattern accepts any space there (or none), and a fix writes the narrow one.
The writer's gender is unknown, so no fix uses an adjective that agrees with "je".
"""

from __future__ import annotations

import re

from followup_desktop.core.message_check_phrases import Needy, Phrases

_APOLOGY = "It apologises for writing; a follow-up is normal and needs no excuse."
_NEEDY = "It sounds anxious; say plainly what you would like to know."
_BUSY = "It suggests you are imposing on them; thank them instead, or leave it out."
_PRESSURE = "It puts pressure on them; their timeline is theirs to set."
#: A phrase's tail: "…, mais", "… et", a comma or a stop, and the spaces after it.
_END = r"(?:\s*,?\s*(?:mais|et|donc)\b)?\s*[,;.!]?\s*"
_Q = r"[\s\u00a0\u202f]*\?"  # a question mark, with or without the space before it
_APOS = "['’]"
_E = r"(?:\(e\)|e)?"  # désolé / désolée / désolé(e)


def _needy(pattern: str, why: str, fix: str) -> Needy:
    return Needy(re.compile(pattern, re.IGNORECASE), why, fix)


FRENCH_NEEDY = (
    _needy(
        r"\b(?:je\s+suis\s+|vraiment\s+|tr[èe]s\s+)*d[ée]sol[ée]" + _E + r"\s+de\s+vous\s+"
        r"(?:d[ée]ranger|importuner|embêter|relancer)(?:\s+(?:[àa]\s+nouveau|encore))?" + _END,
        _APOLOGY,
        "",
    ),
    _needy(
        r"\b(?:excusez|pardonnez)[\s-]+moi\s+de\s+vous\s+(?:d[ée]ranger|importuner|relancer)"
        r"(?:\s+(?:[àa]\s+nouveau|encore))?"
        + _END
        + r"|\bje\s+m"
        + _APOS
        + r"excuse\s+de\s+vous\s+(?:d[ée]ranger|importuner|relancer)"
        r"(?:\s+(?:[àa]\s+nouveau|encore))?"
        + _END
        + r"|\bpardon\s+de\s+vous\s+(?:d[ée]ranger|importuner)"
        + _END
        + r"|\bj"
        + _APOS
        + r"esp[èe]re\s+ne\s+pas\s+(?:trop\s+)?vous\s+(?:d[ée]ranger|importuner)"
        + _END,
        _APOLOGY,
        "",
    ),
    _needy(
        r"\b(?:je\s+suis\s+)?d[ée]sol[ée]" + _E + r"\s+(?:pour\s+(?:le|ce|mon)\s+retard"
        r"|de\s+(?:r[ée]pondre|vous\s+[ée]crire|revenir\s+vers\s+vous)\s+(?:si|aussi)\s+tard)"
        + _END
        + r"|\b(?:excusez|pardonnez)(?:[\s-]+moi)?\s+(?:pour\s+)?(?:mon|ce)\s+retard"
        + _END,
        _APOLOGY,
        "",
    ),
    _needy(
        r"\bje\s+(?:sais|comprends|imagine|me\s+doute)\s+(?:bien\s+)?que\s+vous\s+"
        r"(?:[êe]tes|devez\s+[êe]tre|avez\s+[ée]t[ée])\s+"
        r"(?:tr[èe]s\s+|fort\s+|bien\s+|extr[êe]mement\s+|tellement\s+)?"
        r"(?:occup[ée]|d[ée]bord[ée]|pris|sollicit[ée])(?:\(e\)|e)?s?"
        r"(?:\s+en\s+ce\s+moment)?" + _END,
        _BUSY,
        "",
    ),
    _needy(
        r"\bsans\s+(?:aucune\s+)?(?:nouvelles?|r[ée]ponse)\s+de\s+votre\s+part" + _END,
        _NEEDY,
        "",
    ),
    _needy(
        r"\bje\s+me\s+permets\s+de\s+vous\s+relancer\b",
        _NEEDY,
        "je reviens vers vous",
    ),
    _needy(
        r"\bje\s+voulais\s+(?:juste|simplement|seulement)\s+(?:faire\s+un\s+(?:petit\s+)?suivi"
        r"|faire\s+le\s+point|vous\s+relancer|prendre\s+des\s+nouvelles|revenir\s+vers\s+vous)\b",
        _NEEDY,
        "je vous écris pour faire le point",
    ),
    _needy(
        r"\b(?:je\s+voulais\s+(?:juste|simplement|seulement)|juste\s+pour)\s+savoir(?=\s+si\b)",
        _NEEDY,
        "je souhaiterais savoir",
    ),
    _needy(r"\bjuste\s+pour\s+savoir\s*,\s*", _NEEDY, ""),
    _needy(
        r"(?m)(?:^|(?<=[.!?,;:]\s)|(?<=[.!?,;:]\u00a0)|(?<=[.!?,;:]\u202f))"
        r"(?:(?:avez-vous|auriez-vous)\s+)?(?:des|du)\s+(?:nouvelles?|nouveau)"
        r"(?:\s+[àa]\s+me\s+(?:communiquer|donner|transmettre))?"
        r"(?P<on>\s+(?:concernant|au\s+sujet\s+de|[àa]\s+propos\s+de|sur|pour)"
        r"\s+(?:[^\s?.!]+\s+){0,3}[^\s?.!]+)?" + _Q,
        _NEEDY,
        "Pourriez-vous me dire où en est le processus\\g<on>\u202f?",
    ),
    _needy(
        r"\bASAP\b|\bd[èe]s\s+que\s+possible\b|\bau\s+plus\s+vite\b"
        r"|\ble\s+plus\s+(?:rapidement|vite|tôt)\s+possible\b|\bau\s+plus\s+tôt\b",
        _PRESSURE,
        "quand cela vous conviendra",
    ),
    _needy(
        r"\b(?:un\s+|une\s+)?(?:petit|petite|simple|léger)\s+(?:rappel|relance)\b"
        r"[\s\u00a0\u202f]*[:,.!]?\s*",
        _NEEDY,
        "",
    ),
)

#: Possessives and pronouns for the reader: "son projet" -> "votre projet", "lui" -> "vous".
_POSSESSIVE = {"son": "votre", "sa": "votre", "ses": "vos"}
#: The verb after "il"/"elle" as it goes with "vous" ("a" -> "avez", "m'a" -> "m'avez").
_VERBS = {
    "a": "avez",
    "est": "êtes",
    "était": "étiez",
    "avait": "aviez",
    "sera": "serez",
    "aura": "aurez",
    "serait": "seriez",
    "aurait": "auriez",
    "fait": "faites",
    "dit": "dites",
    "va": "allez",
    "veut": "voulez",
    "voulait": "vouliez",
    "peut": "pouvez",
    "pouvait": "pouviez",
    "doit": "devez",
    "sait": "savez",
    "voit": "voyez",
    "prend": "prenez",
    "vient": "venez",
    "met": "mettez",
    "croit": "croyez",
    "connaît": "connaissez",
    "dirige": "dirigez",
}
#: Pronouns that may sit between "il"/"elle" and the verb ("elle m'a dit", "il nous a").
_CLITIC = (
    r"(?:(?:ne|n['’]|me|m['’]|nous|le|la|les|l['’]|lui|leur|y|en|s['’]|se)"
    r"(?:\s+|(?<=['’])))*"
)
_IMPERSONAL = r"(?!\s+(?:y\s+a|faut|fallait|faudra|s['’]agit|semble|para[îi]t|reste|pleut))"


def _verb_for_vous(word: str) -> str:
    """ "a" -> "avez", "pense" -> "pensez", "pensait" -> "pensiez"; other words as they are."""
    low = word.lower()
    if low in _VERBS:
        return _VERBS[low]
    if len(low) > 4 and low.endswith("ait"):
        return word[:-3] + "iez"  # imparfait
    if len(low) > 3 and low.endswith(("era", "ira")):
        return word + "z"  # futur: "parlera" -> "parlerez"
    if len(low) > 3 and low.endswith("e") and not low.endswith("ée"):
        return word + "z"  # présent of -er verbs: "pense" -> "pensez"
    return word


def _conjugate(group: str) -> str:
    """ "m'a" -> "m'avez", "ne nous a" -> "ne nous avez", "pense" -> "pensez"."""
    match = re.match(r"(?P<clitics>.*?)(?P<verb>[^\s'’]+)$", group, re.DOTALL)
    if match is None:
        return group
    return match.group("clitics") + _verb_for_vous(match.group("verb"))


def french_to_you(pronoun: str, next_word: str) -> str:
    low = pronoun.lower()
    if low in _POSSESSIVE:
        text = f"{_POSSESSIVE[low]} {next_word}".rstrip()
    elif low in ("il", "elle"):
        text = f"vous {_conjugate(next_word)}".rstrip()
    else:  # "lui", "elle" after a preposition ("avec elle" -> "avec vous")
        text = f"vous {next_word}".rstrip()
    return text[0].upper() + text[1:] if pronoun[0].isupper() else text


FRENCH_THIRD_PERSON = re.compile(
    r"\b(?P<pronoun>(?:il|elle)" + _IMPERSONAL + r"|lui|son|sa|ses)\b"
    r"(?:\s+(?P<next>" + _CLITIC + r"[\w'’]+))?",
    re.IGNORECASE,
)

FRENCH_GREETINGS = re.compile(
    r"\bmadame\s*(?:,|/|ou|et)\s*monsieur\b"
    r"|\bmonsieur\s*(?:,|/|ou|et)\s*madame\b"
    r"|\bmesdames(?:\s*,?\s*messieurs)?\b|\bmessieurs\b"
    r"|(?<!\w)[àa]\s+qui\s+de\s+droit\b"
    r"|\b(?:bonjour|chers|ch[èe]res|cher)\s+(?:[àa]\s+)?(?:tous|toutes|tou(?:te)?s)\b"
    r"|\b(?:ch[èe]re|cher|bonjour(?:\s+[àa])?|salut)\s+(?:l['’])?[ée]quipe"
    r"(?:\s+(?:de\s+)?(?:recrutement|rh|ressources\s+humaines))?\b"
    r"|\bbonjour\s+tout\s+le\s+monde\b"
    r"|\b(?:madame|monsieur)\s+(?:le\s+|la\s+)?(?:recruteur|recruteuse"
    r"|responsable\s+(?:du\s+)?recrutement)\b",
    re.IGNORECASE,
)
#: "Madame," / "Monsieur," alone on the first line, or "Bonjour Madame Lee": the reader, by
#: the form of address a French letter uses instead of the name.
FRENCH_ADDRESSED = re.compile(
    r"^\s*(?:madame|monsieur)\s*,"
    r"|^\s*(?:bonjour|ch[èe]re|cher)\s+(?:madame|monsieur)\s+[A-ZÀ-Ý][\w'’-]+",
    re.IGNORECASE,
)

FRENCH_TEXT_SPEAK = re.compile(
    r"\b(?:slt|stp|svp|mdr|ptdr|lol|bcp|jsp|jpp|tkt|tqt|dsl|pk|pq|pcq|bjr|cdt|cdlt|mrc|mr6"
    r"|coucou|wesh|ouais|ouaip|bisous?|bises|biz|ciao|tchao|kiffe?r?|trop\s+(?:cool|bien|top)"
    r"|super\s+cool|grave\s+(?:cool|bien)|d['’]?ac|ok\s+cool|salut)\b"
    r"|\bcc\b(?!\s*:)"  # "cc" is text-speak for "coucou"; "Cc :" heads a copy line
    r"|(?<![\w+])A\+(?![\w+])",
    re.IGNORECASE,
)
FRENCH_COMPETING_OFFER = re.compile(
    r"\b(?:une|d['’]|l['’])\s*(?:autres?|deuxi[èe]me|seconde?)\s+(?:offres?|propositions?\s+"
    r"(?:d['’]embauche|d['’]emploi|de\s+poste|ferme))"
    r"|\b(?:une|des|d['’])\s*offres?\s+concurrentes?"
    r"|\bplusieurs\s+(?:autres\s+)?offres\b"
    r"|\b(?:offres?|propositions?)\s+(?:ferme\s+)?(?:d['’]|de\s+la\s+part\s+d['’])\s*"
    r"(?:une?\s+)?(?:autres?\s+(?:entreprises?|soci[ée]t[ée]s?|employeurs?|structures?)"
    r"|concurrents?|entreprises?\s+concurrentes?)"
    r"|\bj['’]ai\s+(?:re[çc]u|obtenu|en\s+main)\s+une\s+(?:autre\s+)?(?:offre|proposition)"
    r"|\bproposition\s+d['’]une\s+autre\s+(?:entreprise|soci[ée]t[ée]|structure)"
    r"|\bd['’]autres\s+(?:offres|propositions\s+d['’]embauche)\b",
    re.IGNORECASE,
)


FRENCH = Phrases(
    language="fr",
    needy=FRENCH_NEEDY,
    third_person=FRENCH_THIRD_PERSON,
    to_you=french_to_you,
    late_opening=(
        "Je tiens à vous remercier à nouveau pour le temps que vous m’avez accordé {day}\u202f;"
        " j’ai beaucoup apprécié notre échange."
    ),
    thanks=re.compile(r"\b(?:merci|remerci\w*)\b", re.IGNORECASE),
    generic_greetings=FRENCH_GREETINGS,
    text_speak=(FRENCH_TEXT_SPEAK,),
    competing_offer=FRENCH_COMPETING_OFFER,
    addressed_greetings=FRENCH_ADDRESSED,
    again=re.compile(r"(?:\bà|\bde)\s+nouveau\b|\bencore\b", re.IGNORECASE),
)
