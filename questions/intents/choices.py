"""Multiple-choice options read for their form: numbers with units, yes/no, or categories."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from questions.cues import GENERAL
from questions.intents.entities import extract

ChoiceForm = Literal["number", "yes_no", "category"]

NUMBER = r"[-+−]?\d+(?:[.,]\d+)?"
"""A number as written in a choice or an answer (decimal comma accepted, unicode minus too)."""
UNIT_WORDS: dict[str, str] = {
    "ml": "mL", "cc": "mL", "cm3": "mL", "cm^3": "mL", "cm³": "mL", "cubic centimeters": "mL",
    "cubic centimetres": "mL", "milliliters": "mL", "millilitres": "mL",
    "mm": "mm", "millimeters": "mm", "millimetres": "mm", "cm": "cm", "centimeters": "cm", "centimetres": "cm",
    "hu": "HU", "hounsfield units": "HU", "%": "%", "percent": "%", "lesions": "count", "lesion": "count",
}
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNIT_WORDS), key=len, reverse=True))
QUANTITY = re.compile(rf"(?<![\w.])({NUMBER})\s*({_UNIT_RE})?(?![\w])", re.IGNORECASE)
YES = {"yes", "true", "present", "correct", "agree", "y", "ja", "sí", "si", "oui", "sim", "はい", "是", "有"}
NO = {"no", "false", "absent", "incorrect", "disagree", "n", "nein", "non", "não", "nao", "いいえ", "否", "无", "没有"}
"""An option's first word that answers yes or no, in English and the languages `questions.multilingual` reads."""


THOUSANDS = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
"""A number with comma thousands separators (`1,003.9`, `12,500`): English reports write volumes so."""


def to_float(text: str) -> float:
    """A written number as a float: `1,003.9` and `1,234` (thousands), `1,5` (decimal comma), `−3`."""
    if THOUSANDS.fullmatch(text.strip()):
        text = text.replace(",", "")
    return float(text.replace("−", "-").replace(",", "."))


def unit_of(word: str | None) -> str | None:
    """Canonical unit of a unit word (`cc` -> `mL`), None when not a unit."""
    return UNIT_WORDS.get(word.lower()) if word else None


@dataclass
class ParsedChoice:
    """One option: its text, and the number and unit it states, if any."""

    letter: str
    text: str
    value: float | None = None
    unit: str | None = None
    yes_no: bool | None = None


@dataclass
class ChoiceSet:
    """All options and the answer form they imply."""

    form: ChoiceForm
    options: list[ParsedChoice] = field(default_factory=list)
    unit: str | None = None
    """The unit the numeric options share, if they state one."""

    def letters(self) -> list[str]:
        return [o.letter for o in self.options]


def parse_choice(letter: str, text: str) -> ParsedChoice:
    """Reads one option; a leading number (with its unit) makes it numeric."""
    stripped = text.strip().rstrip(".").strip()
    low = stripped.lower()
    first = low.split()[0].strip(",.;:()") if low else ""
    if first in YES or first in NO:
        return ParsedChoice(letter, stripped, yes_no=first in YES)
    slice_index = SLICE.fullmatch(stripped)
    if slice_index:  # "slice 35", "axial image #35": a slice index is a number, in slices
        return ParsedChoice(letter, stripped, value=float(slice_index.group(1)), unit="slice")
    match = QUANTITY.search(stripped)
    if match and _mostly_number(stripped, match):
        return ParsedChoice(letter, stripped, value=to_float(match.group(1)), unit=unit_of(match.group(2)))
    return ParsedChoice(letter, stripped)


def _mostly_number(text: str, match: re.Match[str]) -> bool:
    """A numeric option is the number (and unit) with little else around it."""
    rest = (text[: match.start()] + text[match.end():]).strip(" ~≈()[],;:")
    return len(rest) <= 12 and not re.search(r"\b(segment|slice|grade|t\d|g\d|stage)\b", text.lower()) and not ITEM.match(text)


SLICE = re.compile(r"(?:(?:the\s+)?axial\s+)?(?:slice|image|section|level)\s*(?:#|no\.?|number|index)?\s*(\d+)",
                   re.IGNORECASE)
"""An option naming an axial slice by its index ("slice 35", "Axial image #35"): the number of a slice task."""

ITEM = re.compile(r"\s*(the )?(lesion|tumou?r|mass|nodule|cyst|met\w*|deposit|focus|item|number|no\.?)\s*(#|no\.?)?\s*\d+\s*$",
                  re.IGNORECASE)
"""An item named by its number ("lesion 1", "Tumour #2"): which one, not a value (a count reads "3 lesions")."""


COUNT_WORDS = {"none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10}
COUNT_OPTION = re.compile(rf"({'|'.join(COUNT_WORDS)})\s*(?:\+|or more|and (?:more|above)|or fewer)?")
"""An option that is a count in words ("none", "one", "three+", "four or more"): options of a count, not categories."""


def parse_choices(choices: dict[str, str] | None) -> ChoiceSet | None:
    """The options of a multiple-choice question and their common form; None without choices.

    Exactly one *yes* and one *no* option make a yes/no question even beside distractors
    ("The spleen is absent", "Cannot be determined without ultrasound"), which are never chosen.
    """
    if not choices:
        return None
    options = [parse_choice(letter, text) for letter, text in sorted(choices.items())]
    counted = [COUNT_OPTION.fullmatch(o.text.strip().lower()) for o in options]
    if all(counted) and any(m.group(1) not in ("none", "zero") for m in counted if m):  # "none / one / two / three+"
        return ChoiceSet("number", [ParsedChoice(o.letter, o.text, value=float(COUNT_WORDS[m.group(1)]))
                                    for o, m in zip(options, counted, strict=True) if m])
    polar = [o.yes_no for o in options if o.yes_no is not None]
    if all(o.yes_no is not None for o in options) or sorted(polar) == [False, True]:
        return ChoiceSet("yes_no", options)  # one Yes and one No among distractors ("Cannot be determined") too
    if all(o.value is not None for o in options):
        units = {o.unit for o in options if o.unit}
        return ChoiceSet("number", options, unit=units.pop() if len(units) == 1 else None)
    return ChoiceSet("category", options)


def choices_asked(choices: dict[str, str] | None, question_units: list[str]) -> ChoiceSet | None:
    """The options as the question reads them: unitless numeric options are in the unit the question names
    ("How long is it, in cm? A. 2.08 B. 1.56" -> cm), so a measured 15.6 mm is option B, not the nearest raw number.
    """
    choice_set = parse_choices(choices)
    if choice_set is None or choice_set.form != "number" or choice_set.unit is not None:
        return choice_set
    if any(o.unit for o in choice_set.options):
        return choice_set
    named = [u for u in question_units if u in ("mm", "cm", "mL", "HU", "%")]
    if len(set(named)) == 1:
        choice_set.unit = named[0]
    return choice_set


INLINE = re.compile(r"(?:^|\s)\(?([a-hA-H])\)\s*([^()]+?)(?=\s+\(?[a-hA-H]\)\s|\s*$)")
"""Lettered options written after the question: "... nature? A) cyst B) tumor", "(a) yes (b) no"."""
INLINE_DOTTED = re.compile(r"(?:^|\s)([A-H])[.:]\s+(.+?)(?=\s+[A-H][.:]\s|\s*$)")
"""Capital letters with a full stop or colon ("... seen? A. Yes B. No", "A: PDAC B: PNET"), at least A then B."""


def inline_choices(text: str) -> tuple[str, dict[str, str] | None]:
    """The question without lettered options written after it, and those options (None when fewer than two).

    Understanding ranks tasks with them as it would with given choices ("Liver lesion nature? A) cyst B) tumor"
    asks the lesion's type); the answer form stays the question's own, since the case has no choices to pick.
    """
    first = re.search(r"(?:^|\s)\(?[aA]\)\s", text)
    pattern = INLINE
    if first is None and (first := re.search(r"(?:^|(?<=[?:)\-—])|(?<=[?:)\-—]\s))A[.:]\s+\S.*?\sB[.:]\s+\S", text)) is not None:
        pattern = INLINE_DOTTED  # "... present? A. yes B. no"
    if first is None:
        return slashed_choices(text)
    found = {m.group(1).upper(): m.group(2).strip(" ,;.") for m in pattern.finditer(text, max(0, first.start() - 1))}
    letters = list(found)
    if len(found) < 2 or letters != [chr(ord("A") + i) for i in range(len(letters))]:
        return text, None
    return text[:first.start()].rstrip(), found


SLASHED = re.compile(r"\(\s*([^()/]{1,40}(?:/[^()/]{1,40}){1,5})\s*\)\s*[?.:]?\s*$")
"""Answers offered as a slashed list in brackets at the end ("LEFT RENAL LESION category: ___ (simple cyst /
indeterminate / hyperattenuating)", "nature: ___ (cystic/solid)")."""


def slashed_choices(text: str) -> tuple[str, dict[str, str] | None]:
    """The question without a trailing bracketed slashed list of answers, and those answers as options (None when
    the list names organs - "(pancreas/spleen ratio criterion)" names a basis - or numbers only, or is yes/no)."""
    match = SLASHED.search(text)
    if match is None:
        return text, None
    items = [i.strip() for i in match.group(1).split("/")]
    if any(not i or len(i.split()) > 4 or extract(i).organs for i in items) or all(
            re.fullmatch(r"[\d.,<>=%\s-]+|yes|no|y|n", i.lower()) for i in items):
        return text, None
    return text[:match.start()].rstrip(), {chr(ord("A") + n): i for n, i in enumerate(items)}


SUBJECT_ONLY = re.compile(
    r"^\s*(?:which|what)(?: one)?(?: of the following| of these)? (?:statements?|options?|answers?|descriptions?|findings?|"
    r"descriptors?)(?:(?: (?:best|most accurately))?(?: (?:is|are) (?:true|correct|accurate|right)| appl(?:y|ies)| fits?)? ?"
    r"(?:about|regarding|for|of|concerning|on|describing|to)| (?:best |most accurately )?(?:describes?|fits?|"
    r"characteri[sz]es?)) (?P<subject>.+?)(?: (?:is|are) (?:true|correct|"
    r"accurate|right))?(?: (?:for|in|of) (?:this|the) (?:patient|case|scan|study)| here| on this scan| today)?\s*[?:.]?\s*$",
    re.IGNORECASE)
"""A stem that names only its subject ("Which statement is true about the kidneys?", "Which statement about the left
kidney is true for this patient?"): the options say what is asked of it."""
_RULE_SUBJECT = re.compile(r"\b(in general|generally|recist|ajcc|tnm|bosniak|li-?rads|couinaud|criteri\w*|classification|"
                           r"guidelines?|definitions?|anatomy)\b", re.IGNORECASE)


LABEL_STEM = re.compile(r"^\s*(?!.*\b(?:which|what|how|where|is there|are there|select|choose|pick)\b)[^?:]{3,60}"
                        r"(?:\b(?:is|are|suggests?|shows?|fits?))?\s*:\s*$", re.IGNORECASE)
"""A stem that is a label with a colon ("Renal volumes:", "Hepatic fat, CT-based:", "Largest pancreatic lesion is:"):
no question of its own, its options say what is asked."""


def label_stem(stem: str) -> bool:
    """Whether the stem is a short label ending in a colon, with no question word (`LABEL_STEM`)."""
    return len(stem.split()) <= 8 and LABEL_STEM.match(stem) is not None


APPLIES = re.compile(r"^\s*(?:which|what)(?: one)?(?: of the following| of these)? appl(?:y|ies) (?:to|for) ", re.IGNORECASE)
""""Which applies to the pancreatic cyst?": a statement about it chosen, as "Which statement applies to ..."."""


def subject_only(stem: str) -> str | None:
    """The subject of a stem that names only its subject (`SUBJECT_ONLY`), an organ or lesion of this patient, else
    None ("Which statement about RECIST 1.1 is true?" asks a rule, not this patient's image)."""
    match = SUBJECT_ONLY.match(APPLIES.sub("which statement applies to ", stem, count=1))
    if match is None or _RULE_SUBJECT.search(stem):
        return None
    named = extract(match.group("subject"))
    return match.group("subject") if named.organs or named.lesion_kinds else None


def terse_stem_options(stem: str, choices: dict[str, str] | None) -> dict[str, str] | None:
    """The given options when the stem is terse and names nothing ("Which finding is present?", "Where is it?",
    "How many?"): then the options say what is asked and about which organ (`statements_asked`), else None."""
    named = extract(stem)
    answers = {v.strip().lower().rstrip(".") for v in (choices or {}).values()}
    if {"yes", "no"} <= answers and re.match(r"\s*(is|are|does|do|has|have|can|could|should|will|would)\b", stem, re.I):
        return None  # "Is portal hypertension likely? A. Only with ascites B. No ... D. Yes": the stem asks, the
        # options answer it
    if choices and (subject_only(stem) or label_stem(stem)) and not all(re.search(r"\d", v) for v in choices.values()):
        return choices  # "Which statement is true about the kidneys?": the options ask (values - "About 1.5 L" - do not)
    if not choices or named.organs or named.lesion_kinds or len(stem.split()) > 6:
        return None
    return choices


def denied_kind(choice_set: ChoiceSet | None) -> list[str]:
    """The one lesion kind the options deny ("a cyst / no cyst / a calculus": the cyst), or none: a finding offered
    against its absence asks that kind's existence, whatever else is offered beside them."""
    if choice_set is None:
        return []
    kinds = {k for o in choice_set.options if re.match(r"\s*(no|none|not|without)\b", o.text.lower())
             for k in extract(o.text).lesion_kinds}
    return sorted(kinds) if len(kinds) == 1 else []


def with_terse_options(text: str, choices: dict[str, str] | None) -> str:
    """The text with its options appended when the stem is terse and names nothing (`terse_stem_options`): "Which?
    A) Pancreatic lesion grew since the prior ..." compares the studies as its options say."""
    offered = terse_stem_options(text, choices)
    return f"{text} ({' ; '.join(offered.values())})" if offered else text


def with_option_organ(text: str, choices: dict[str, str] | None) -> str:
    """The text with its options appended when it names no organ and the options name one ("How many? A) 0 liver
    lesions B) 1 liver lesion"): that lone organ is the one asked about; options naming several organs are candidates
    ("Which organ is adjacent? A) liver B) spleen"), and the text stays as it is."""
    if not choices or extract(text).organs:
        return text
    offered = " ; ".join(choices.values())
    return f"{text} ({offered})" if len(set(extract(offered).organs)) == 1 else text


DENIED = r"\b(no|not|absent|without|unremarkable|free of)\b"
"""A statement that denies a finding: of two inline statements, the one that is not the finding asked."""


def statements_asked(stem: str, inline: dict[str, str] | None) -> str:
    """The stem with its inline options read as the question when the stem itself names nothing.

    "Which is correct? A) liver fatty B) liver not fatty" and "Which statement fits: A) pancreas has a focal
    lesion B) pancreas is unremarkable?" ask what the statements say; a stem that names an organ or a lesion
    ("Liver lesion nature? A) cyst B) tumor") asks on its own and its options only inform the ranking. Two
    statements of one finding and its denial ("A) a kidney lesion is present B) no kidney lesion is present") ask
    that finding yes or no; statements naming an organ, and no rule, are about this scan.
    """
    named = extract(stem)
    subject = subject_only(stem)
    if inline and label_stem(stem) and not subject:  # "Renal volumes: A) symmetric B) asymmetric": the label's options
        return f"{stem.rstrip(' :')}: {' or '.join(inline.values())}?"
    if inline and subject and APPLIES.match(stem) and all(len(v.split()) <= 2 for v in inline.values()):
        return stem  # "Which applies to the position of the largest lesion? A) segment IVa B) segment VI": answers offered,
        # no statements
    if inline and subject:  # "Which statement is true about the kidneys? A) they differ markedly in size B) ...":
        said = [re.sub(r"^\s*(it|they)\b", subject, v, flags=re.IGNORECASE) for v in inline.values()]  # "It is
        denied = [v for v in said if re.search(DENIED, v.lower())]
        if len(said) == 2 and len(denied) == 1:  # "A) one or more renal lesions B) no renal lesion": that finding, yes
            found = re.sub(r"\b(one|1) or more\b", "any", next(v for v in said if v not in denied), flags=re.IGNORECASE)
            return f"On this scan, {subject}: {found}?"  # or no
        if not any(extract(v).organs or extract(v).lesion_kinds for v in said):  # "meets size criteria for resection":
            return f"On this scan, {subject}: {' or '.join(said)}?"  # the statements are the subject's
        return f"On this scan, {' or '.join(said)}?"  # enlarged": what the statements say of the subject
    if not inline or named.organs or named.lesion_kinds:
        return stem
    statements = " or ".join(inline.values())
    of_this_case = extract(statements).organs and not re.search(GENERAL, statements.lower())
    denied = [s for s in inline.values() if re.search(DENIED, s.lower())]
    if of_this_case and len(inline) == 2 and len(denied) == 1:  # "A) a kidney lesion is present B) no kidney lesion is
        return f"On this scan, {next(s for s in inline.values() if s not in denied)}?"  # present": one finding asked yes/no
    return f"{stem.rstrip(' ?:')}: {'on this scan, ' if of_this_case else ''}{statements}?"  # findings, not a rule
