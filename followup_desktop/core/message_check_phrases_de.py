"""The German phrase lists of the message checks (see core/message_check_phrases.py).

What is matched and the replacement text are German; the ``why`` sentences are the user's
(English). A German follow-up addresses the reader with the formal "Sie", so a lower-case
"sie"/"ihr"/"ihre" inside a sentence is a third person (or the informal plural), never the
reader: those are what the pronoun check may turn into "Sie"/"Ihr"/"Ihre". A sentence-initial
"Sie"/"Ihr" is ambiguous and is left alone; "er"/"ihm"/"ihn"/"sein…" are third person wherever
they stand. Notes are often typed in English, so the English pronouns ("her plan") are matched
too and get the English fix ("your plan"). No fix starts with "Sie" or "Ihnen": the checks
lower-case a fix's first letter inside a sentence.
"""

from __future__ import annotations

import re

from followup_desktop.core.message_check_phrases import Needy, Phrases, english_to_you

_APOLOGY = "It apologises for writing; a follow-up is normal and needs no excuse."
_NEEDY = "It sounds anxious; say plainly what you would like to know."
_BUSY = "It suggests you are imposing on them; thank them instead, or leave it out."
_PRESSURE = "It puts pressure on them; their timeline is theirs to set."
#: A phrase's tail: "…, aber", "… und", a comma or a stop, and the spaces after it.
_END = r"(?:\s*,?\s*(?:aber|und|doch|jedoch)\b)?[,;:.!]?\s*"
_AGAIN = r"(?:\s+(?:schon\s+)?(?:wieder|erneut|nochmals|noch\s+einmal))?"
#: Softeners in "nur mal ganz kurz": any of them, in any order.
_SOFT = r"(?:\s+(?:mal|noch|ganz|kurz|schnell|eben|einmal|kurz\s+mal))*"


def _needy(pattern: str, why: str, fix: str) -> Needy:
    return Needy(re.compile(pattern, re.IGNORECASE), why, fix)


GERMAN_NEEDY = (
    _needy(  # "Entschuldigen Sie bitte die Störung", "Verzeihen Sie die erneute Störung"
        r"\b(?:bitte\s+)?(?:entschuldigen|verzeihen)\s+Sie\s+(?:bitte\s+)?(?:die|meine)\s+"
        r"(?:erneute\s+|nochmalige\s+)?(?:Störung|Belästigung)" + _END,
        _APOLOGY,
        "",
    ),
    _needy(  # "Entschuldigung für die Störung", "Sorry für die Störung"
        r"\b(?:Entschuldigung|Verzeihung|sorry)\s+(?:für\s+die|wegen\s+der)\s+"
        r"(?:erneuten?\s+)?(?:Störung|Belästigung)" + _END,
        _APOLOGY,
        "",
    ),
    _needy(  # "Entschuldigen Sie, dass ich mich schon wieder melde"
        r"\b(?:bitte\s+)?(?:entschuldigen|verzeihen)\s+Sie(?:\s+bitte)?\s*,?\s+dass\s+ich\s+"
        r"(?:mich\s+|Sie\s+|Ihnen\s+)?(?:(?:schon\s+)?(?:wieder|erneut|nochmals|noch\s+einmal)\s+)?"
        r"(?:melde|schreibe|störe|belästige|nachfrage|nachhake)" + _END,
        _APOLOGY,
        "",
    ),
    _needy(  # "Es tut mir leid, Sie zu stören", "tut mir leid, dass ich Sie erneut störe"
        r"\b(?:es\s+)?tut\s+mir\s+(?:sehr\s+|wirklich\s+)?leid\s*,?\s+(?:dass\s+ich\s+)?Sie"
        + _AGAIN
        + r"\s+(?:zu\s+)?(?:stören|störe|belästigen|belästige)(?:\s+muss)?"
        + _END,
        _APOLOGY,
        "",
    ),
    _needy(  # "Entschuldigen Sie die späte Antwort", "sorry für die verspätete Rückmeldung"
        r"\b(?:(?:bitte\s+)?(?:entschuldigen|verzeihen)\s+Sie\s+(?:bitte\s+)?"
        r"|(?:Entschuldigung|Verzeihung|sorry)\s+(?:für\s+)?)"
        r"(?:die|meine|der|meiner)\s+(?:späte|verspätete|späten|verspäteten)\s+"
        r"(?:Antwort|Rückmeldung|Nachricht|Reaktion|Dankesnachricht|Mail|E-Mail)" + _END,
        _APOLOGY,
        "",
    ),
    _needy(  # "ich hoffe, ich störe nicht", "ich möchte Sie nicht belästigen, aber"
        r"\bich\s+hoffe\s*,?\s+(?:dass\s+)?ich\s+störe\s+(?:Sie\s+)?(?:nicht|kein\s+bisschen)"
        r"(?:\s+(?:zu|allzu)\s+sehr)?" + _END + r"|\bich\s+(?:möchte|will)\s+Sie\s+(?:wirklich\s+)?"
        r"(?:nicht|ungern)\s+(?:stören|belästigen|drängen|nerven|bedrängen)" + _END,
        _APOLOGY,
        "",
    ),
    _needy(  # "ich weiß, dass Sie sehr beschäftigt sind", "ich weiß, wie viel Sie zu tun haben"
        r"\b(?:ich\s+weiß|ich\s+verstehe|mir\s+ist\s+(?:klar|bewusst))\s*,?\s*"
        r"(?:dass\s+Sie\s+|wie\s+(?:viel\s+Sie\s+)?|Sie\s+sind\s+)"
        r"(?:(?:sicher|sicherlich|bestimmt|sehr|so|gerade|momentan|derzeit|wirklich|äußerst"
        r"|extrem|gut|im\s+Moment)\s+)*"
        r"(?:beschäftigt|eingespannt|ausgelastet|viel\s+zu\s+tun|zu\s+tun"
        r"|viel\s+um\s+die\s+Ohren)(?:\s+Sie)?(?:\s+(?:sind|haben|sein\s+müssen))?" + _END,
        _BUSY,
        "",
    ),
    _needy(  # "ich wollte nur kurz nachfragen", "ich wollte mich nur mal erkundigen"
        r"\bich\s+(?:wollte|möchte|will)\s+(?:mich\s+)?(?:nur|bloß|einfach|mal)" + _SOFT + r"\s+"
        r"(?:mich\s+)?(?:nachfragen|nachhaken|erkundigen|anfragen|fragen)(?=\W|$)",
        _NEEDY,
        "ich möchte nachfragen",
    ),
    _needy(  # "ich wollte mich nur kurz melden", "… nur mal in Erinnerung rufen"
        r"\bich\s+(?:wollte|möchte|will)\s+(?:mich\s+)?(?:nur|bloß|einfach|mal)" + _SOFT + r"\s+"
        r"(?:mich\s+)?(?:melden|in\s+Erinnerung\s+(?:rufen|bringen))(?=\W|$)",
        _NEEDY,
        "ich melde mich",
    ),
    _needy(  # "ich hake nur kurz nach", "ich frage nur mal nach"
        r"\bich\s+(?:hake|frage)\s+(?:nur|bloß|mal)" + _SOFT + r"(?:\s+nach)?(?=\W|$)",
        _NEEDY,
        "ich frage nach",
    ),
    _needy(  # "ich melde mich nur kurz"
        r"\bich\s+melde\s+mich\s+(?:nur|bloß|mal)" + _SOFT + r"(?=\W|$)",
        _NEEDY,
        "ich melde mich",
    ),
    _needy(  # whatever else is done "nur kurz": the softener goes, the verb stays
        r"\b(?:nur|bloß)\s+(?:mal\s+)?(?:ganz\s+)?(?:kurz|schnell)\s+(?:mal\s+)?"
        r"(?P<verb>nachhaken|nachfragen|nachgehakt|nachgefragt|melden|gemeldet|erinnern"
        r"|erkundigen|anfragen)(?=\W|$)",
        _NEEDY,
        "\\g<verb>",
    ),
    _needy(  # the bare question only: "Gibt es schon Neuigkeiten?", "Schon was Neues?"
        r"(?m)(?:^|(?<=[.!?,;:]\s))(?:gibt\s+es\s+(?:(?:schon|bereits|inzwischen|mittlerweile"
        r"|denn|jetzt|etwa)\s+)*(?:(?:etwas|was|irgendwelche|irgendwas)\s+)?"
        r"|(?:(?:schon|denn)\s+)?(?:(?:etwas|was|irgendwelche)\s+))"
        r"(?:Neuigkeiten|Neues|Updates?|News)"
        r"(?P<on>\s+(?:zu|zum|zur|bezüglich|hinsichtlich|wegen|in\s+Bezug\s+auf|bei)\s+"
        r"(?:[^\s?.!]+\s+){0,3}[^\s?.!]+)?\s*\?",
        _NEEDY,
        "Können Sie mir sagen, wie der aktuelle Stand\\g<on> ist?",
    ),
    _needy(
        r"\bASAP\b|\ba\.s\.a\.p\.?|\bso\s+(?:schnell|bald|rasch)\s+wie\s+(?:möglich|es\s+geht)"
        r"|\bschnellstmöglich\b|\bbaldmöglichst\b|\bschnellstens\b|\bumgehend\b",
        _PRESSURE,
        "bei Gelegenheit",
    ),
    _needy(  # "eine schnellstmögliche Antwort" -> "eine baldige Antwort"
        r"\b(?:schnellstmöglich|baldmöglichst|ehestmöglich)(?P<e>e[nmrs]?)\b",
        _PRESSURE,
        "baldig\\g<e>",
    ),
    _needy(  # "nur eine kurze Erinnerung", "kleine Erinnerung:", "nur zur Erinnerung"
        r"\b(?:nur\s+)?(?:eine\s+)?(?:kleine|kurze|freundliche|sanfte)\s+Erinnerung\b"
        + _END
        + r"|\bnur\s+zur\s+Erinnerung\b"
        + _END,
        _NEEDY,
        "",
    ),
)


# --- the third person that should address the reader ---------------------------------------

#: Lower-case "sie"/"ihr…" inside a sentence; "er"/"ihm"/"ihn"/"sein…" anywhere ("sein" only
#: before a noun: otherwise it is the verb "to be"); the English pronouns of an English note.
GERMAN_THIRD_PERSON = re.compile(
    r"(?<![\w'’-])(?P<pronoun>sie|ihr|ihre|ihren|ihrem|ihrer|ihres|ihnen"
    r"|[Ee]r|[Ii]hm|[Ii]hn|[Ss]ein(?=\s+[A-ZÄÖÜ])|[Ss]eine[nmrs]?"
    r"|(?i:she|he|her|hers|his|him))(?![\w'’-])"
    r"(?:\s+(?P<next>[\w'’-]+))?"
)

_ENGLISH_PRONOUNS = frozenset({"she", "he", "her", "hers", "his", "him"})
#: Possessives as the reader's: "ihre Idee" -> "Ihre Idee", "seinem Team" -> "Ihrem Team".
_POSSESSIVE = {
    "ihre": "Ihre",
    "ihren": "Ihren",
    "ihrem": "Ihrem",
    "ihrer": "Ihrer",
    "ihres": "Ihres",
    "sein": "Ihr",
    "seine": "Ihre",
    "seinen": "Ihren",
    "seinem": "Ihrem",
    "seiner": "Ihrer",
    "seines": "Ihres",
}
#: Third-person verbs as they go with "Sie" (irregular ones; regular ones by their ending).
_VERBS = {
    "ist": "sind",
    "war": "waren",
    "wäre": "wären",
    "hat": "haben",
    "hätte": "hätten",
    "wird": "werden",
    "würde": "würden",
    "kann": "können",
    "will": "wollen",
    "muss": "müssen",
    "darf": "dürfen",
    "soll": "sollen",
    "mag": "mögen",
    "weiß": "wissen",
    "gibt": "geben",
    "gab": "gaben",
    "nimmt": "nehmen",
    "nahm": "nahmen",
    "sieht": "sehen",
    "sah": "sahen",
    "spricht": "sprechen",
    "sprach": "sprachen",
    "hält": "halten",
    "hielt": "hielten",
    "lässt": "lassen",
    "ließ": "ließen",
    "liest": "lesen",
    "trifft": "treffen",
    "traf": "trafen",
    "hilft": "helfen",
    "half": "halfen",
    "fährt": "fahren",
    "läuft": "laufen",
    "fällt": "fallen",
    "tut": "tun",
    "tat": "taten",
    "kam": "kamen",
    "ging": "gingen",
    "stand": "standen",
    "fand": "fanden",
    "schrieb": "schrieben",
    "beschrieb": "beschrieben",
    "schlug": "schlugen",
    "bat": "baten",
    "wies": "wiesen",
    "leitet": "leiten",
    "arbeitet": "arbeiten",
}
#: Words ending like a verb that are not one ("sie nicht", "er gerne", "sie bitte").
_NOT_A_VERB_WORDS = (
    "nicht jetzt erst selbst fast meist oft seit zuletzt zuerst bereit gut mit damit somit "
    "weit heute bitte erste letzte beste nächste gute alte echte rechte leichte weite breite "
    "konkrete direkte perfekte komplette separate private absolute genaue gerne ganze halbe "
    "eine keine diese jene jede alle beide andere ohne gestern morgen"
)
_NOT_A_VERB = frozenset(_NOT_A_VERB_WORDS.split())
#: Prefixes after which "-t" is as likely a past participle ("erwähnt", "besprochen").
_PARTICIPLE_PREFIXES = ("ge", "be", "er", "ver", "zer", "ent", "emp", "miss")


def _verb_for_sie(word: str) -> str:
    """ "plant" -> "planen", "arbeitet" -> "arbeiten", "sagte" -> "sagten", "ist" -> "sind";
    a word that may not be a finite verb stays as it is."""
    low = word.lower()
    if low in _VERBS:
        return _VERBS[low]
    if not word or not word[0].islower() or low in _NOT_A_VERB or len(low) < 4:
        return word
    if low.endswith("te") and not (low.endswith("ste") and not low.endswith("sste")):
        return word + "n"  # "plante", "erwähnte", "musste"
    if low.endswith("en") or low.endswith("iert") or low.startswith(_PARTICIPLE_PREFIXES):
        return word
    if low.endswith("et"):
        return word[:-2] + "en"
    if low.endswith("t"):
        return word[:-1] + "en"
    return word


def german_to_you(pronoun: str, next_word: str) -> str:
    """A third-person pronoun (with the word after it) as it reads addressed to the reader:
    "ihr Plan" -> "Ihr Plan", "sie plant" -> "Sie planen", "ihm" -> "Ihnen"."""
    low = pronoun.lower()
    if low in _ENGLISH_PRONOUNS:
        return english_to_you(pronoun, next_word)
    if low in ("sie", "er"):
        text = f"Sie {_verb_for_sie(next_word)}"
    elif low == "ihn":
        text = f"Sie {next_word}"
    elif low in ("ihm", "ihnen"):
        text = f"Ihnen {next_word}"
    elif low == "ihr":  # "ihr Plan", "ihr neues Projekt": hers; "ihr gesagt": to her
        noun_like = next_word[:1].isupper() or next_word.lower().endswith(("er", "es"))
        text = f"{'Ihr' if next_word and noun_like else 'Ihnen'} {next_word}"
    else:
        text = f"{_POSSESSIVE.get(low, 'Ihr')} {next_word}"
    return text.rstrip()


# --- greetings, slang and claims of another offer ------------------------------------------

GERMAN_GREETINGS = re.compile(
    r"\b(?:sehr\s+geehrte\s+Damen\s+und\s+Herren"
    r"|sehr\s+geehrte\s+Damen\s*,\s*sehr\s+geehrte\s+Herren"
    r"|(?:sehr\s+geehrtes|liebes|hallo(?:\s+liebes)?|guten\s+tag(?:\s+liebes)?)\s+"
    r"(?:[\w]+-)?[\w]*team"
    r"|hallo\s+(?:zusammen|allerseits|an\s+alle|alle)"
    r"|(?:an\s+)?wen\s+es\s+(?:auch\s+)?betrifft"
    r"|an\s+die\s+zuständige\s+Person"
    r"|sehr\s+geehrte[rs]?(?:\s*\(r\)|/r|\*r|:r)?\s+(?:Personal|Recruiting|HR)[\w-]*"
    r"|sehr\s+geehrte[rs]?\s+(?:Hiring|Recruiting)[\s-]*(?:Manager|Team)\w*"
    r"|sehr\s+geehrte[rs]?\s+Recruiter(?:in)?"
    r"|sehr\s+geehrte(?:r|/r|\(r\))?\s+(?:Frau|Herr)\s*(?:/|\s+oder\s+)\s*(?:Frau|Herr)(?!\s+\w))",
    re.IGNORECASE,
)

#: Text-speak, slang and informal greetings and sign-offs.
GERMAN_TEXT_SPEAK = re.compile(
    r"\b(?:LG|VG|MfG|lg|vg|mfg|thx|thanks|hdl|hdgdl|lol|omg|btw|plz|pls|krass|geil|mega|hey"
    r"|hi|hallöchen|hallihallo|moin|servus|tschüss|tschüs|ciao|cool|okay|ok|jep|jup|nö"
    r"|nee|sorry|super|kein\s+ding|hätte\s+(?:voll\s+)?Bock|habe\s+(?:voll\s+)?Bock"
    r"|Bock\s+auf)\b",
    re.IGNORECASE,
)
#: The informal "du" in a letter that should say "Sie".
GERMAN_DU = re.compile(
    r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren|eurem)\b",
    re.IGNORECASE,
)

GERMAN_COMPETING_OFFER = re.compile(
    r"\b(?:(?:anderes|anderen|anderer|andere|weiteres|weiteren|weitere|zweites|zweiten"
    r"|konkurrierendes|konkurrierenden|konkurrierende|alternatives|alternativen|besseres"
    r"|besseren|höheres|höheren|paralleles|parallelen|mehrere|zusätzliches|zusätzlichen)"
    r"\s+(?:Job|Stellen|Arbeits|Vertrags)?-?angebot(?:e|en|s)?"
    r"|angebot(?:e|en)?\s+(?:von|bei)\s+(?:einem|einer)\s+(?:anderen\s+)?(?:\w+\s+)?"
    r"(?:Unternehmen|Firma|Arbeitgeber|Konzern|Wettbewerber)"
    r"|angebot(?:e)?\s+(?:eines|einer)\s+anderen\s+\w+"
    r"|angebot\s+(?:der|von\s+der)\s+Konkurrenz"
    r"|(?:(?:liegt|liegen)\s+mir|mir\s+(?:liegt|liegen))\s+(?:bereits\s+|schon\s+|inzwischen\s+)?"
    r"(?:ein|mehrere|andere|weitere)\s+(?:Job|Stellen|Arbeits|Vertrags)?-?angebot(?:e)?)\b",
    re.IGNORECASE,
)


GERMAN = Phrases(
    language="de",
    needy=GERMAN_NEEDY,
    third_person=GERMAN_THIRD_PERSON,
    to_you=german_to_you,
    # After "Sehr geehrte Frau Lee," a German letter goes on in lower case.
    late_opening=(
        "nochmals vielen Dank für das Gespräch am {day}. Der Austausch mit Ihnen hat mir "
        "sehr gefallen."
    ),
    thanks=re.compile(r"\b(?:dank\w*|bedank\w*)", re.IGNORECASE),
    generic_greetings=GERMAN_GREETINGS,
    text_speak=(GERMAN_TEXT_SPEAK, GERMAN_DU),
    competing_offer=GERMAN_COMPETING_OFFER,
    again=re.compile(r"\b(?:nochmals|noch\s+einmal|erneut)\b", re.IGNORECASE),
)
