"""Reading answers: numbers with units, yes/no, category labels, and which option a label is.

Shared by the reasoners (to write and parse answers) and the reviewer (to check them), so
both read an answer the same way.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from core.tasks import is_positive  # noqa: F401 - re-exported: one definition of a positive label
from questions.intents.choices import THOUSANDS, ChoiceSet, ParsedChoice, to_float
from questions.intents.labels import labels_in  # noqa: F401 - re-exported: one reading of a stated label

Dimension = str
UNIT_DIMENSION: dict[str, tuple[Dimension, float]] = {
    # unit -> (dimension, factor to the evidence unit of that dimension)
    "mm": ("length", 1.0), "cm": ("length", 10.0), "m": ("length", 1000.0),
    "mL": ("volume", 1.0), "L": ("volume", 1000.0), "mm3": ("volume", 0.001),
    "HU": ("attenuation", 1.0), "%": ("percent", 1.0),
}
EVIDENCE_DIMENSION = {"mm": "length", "mL": "volume", "HU": "attenuation", "%": "percent"}
_UNIT_WORDS = {
    "mm": "mm", "millimeters": "mm", "millimetres": "mm", "cm": "cm", "centimeters": "cm", "centimetres": "cm",
    "m": "m", "ml": "mL", "cc": "mL", "cm3": "mL", "cm^3": "mL", "cm³": "mL", "cubic centimeters": "mL",
    "cubic centimetres": "mL", "milliliters": "mL", "millilitres": "mL", "l": "L", "liters": "L", "litres": "L",
    "mm3": "mm3", "mm³": "mm3", "hu": "HU", "uh": "HU", "hounsfield units": "HU", "%": "%", "percent": "%",
}
_OTHER_UNITS = (r"kg|g|mg|s|ms|min|h|mmhg|px|pixels?|voxels?|in(?=\s*(?:[.,;:)\]]|$|\s+(?:long|wide|across)\b))|"
                r"inch(?:es)?|ft|cm2|mm2|cm²|mm²")
"""Units no evidence uses; "in" only where it ends a size ("2 in."), never the word before a band ("0.71 in 0.5-0.8")."""
_UNITS = "|".join(sorted((re.escape(u) for u in _UNIT_WORDS), key=len, reverse=True))
NUMBER_MENTION = re.compile(
    rf"(?<![\w.\-−/])([-−]?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|[-−]?\d+(?:[.,]\d+)?)(?:\s*({_UNITS}|{_OTHER_UNITS})(?![\w³²]))?(?![\w.]\d)(?!\w)",
    re.IGNORECASE,
)
YES_WORDS = r"yes|yep|yeah|yup|present|positive|true|sí|si|ja|oui|sim"
NO_WORDS = r"no|nope|nah|absent|negative|false|none|nein|non|não|nao"
"""Yes and no as an answer leads with them, English first, then Spanish, German, French, Portuguese ("Sí —", "Ja / sí:",
"Nein,"), and the casual "yep" / "nope"; a word glued to a hyphen ("non-enhancing") is no answer. A heading or label
"Answer" before it ("## Answer\n**Yes**") is read through."""
_SYNONYMS = [
    (r"\bhypodense\b|\bhypo\b|\bhypoenhancing\b|\bhypovascular\b", "hypoattenuating"),
    (r"\bhyperdense\b|\bhyper\b|\bhyperenhancing\b|\bhypervascular\b", "hyperattenuating"),
    (r"\bisodense\b|\biso\b", "isoattenuating"),
    (r"\btumour\b", "tumor"), (r"\bcystic\b", "cyst"),
    (r"\bpancreatic neuroendocrine (?:tumou?r|neoplasm)s?\b|\bneuroendocrine (?:tumou?r|neoplasm)s?\b", "pnet"),
    (r"\bpancreatic ductal adenocarcinomas?\b|\bductal adenocarcinomas?\b", "pdac"),
    (r"\bhepatocellular carcinomas?\b", "hcc"), (r"\brenal cell carcinomas?\b", "rcc"),
    (r"\bmetastas[ie]s\b|\bmetastatic\b|\bmets\b", "metastasis"), (r"\bhaemangioma", "hemangioma"), (r"\bsplenomegaly\b", "enlarged spleen"),
    (r"\bgrade\s*([0-4])\b", r"g\1"), (r"\bgrade\s+iv\b", "g4"), (r"\bgrade\s+iii\b", "g3"), (r"\bgrade\s+ii\b", "g2"),
    (r"\bgrade\s+i\b", "g1"),  # "Grade 2", "grade II" are the label "G2 moderate"
    (r"\b(?:about |roughly |approximately |nearly )?(?:equal|similar|comparable|the same)\b|\bsymmetrical\b", "symmetric"),
    (r"\b(left|right)( kidney)? (?:\w+ )?(?:larger|bigger|greater) than (?:the )?(?:left|right)(?: kidney| one)?\b",
     r"\1\2 larger"),  # "Left kidney markedly larger than right": the side named first is the larger
    (r"\bnone\b|\bnormal\b|\babsent\b", "no"), (r"\bhepatic steatosis\b|\bsteatosis\b", "fatty liver"), (r"\bscattered\b|\bdiffuse\b", "widely distributed"),
]


@dataclass(frozen=True)
class NumberMention:
    """A number written in a text, with the unit written after it and its printed precision."""

    value: float
    unit: str | None
    """Canonical unit (`mm`, `cm`, `mL`, `HU`, `%`, ...) or the raw word for units not understood."""
    decimals: int
    start: int
    end: int

    @property
    def tolerance(self) -> float:
        """Half a unit of the last printed digit: what rounding for display can explain."""
        return 0.5 * 10 ** (-self.decimals)

    def in_evidence_unit(self) -> tuple[Dimension, float] | None:
        """(dimension, value in that dimension's evidence unit); None without a unit or with one not understood."""
        return to_evidence_unit(self.value, self.unit) if self.unit else None


def numbers_in(text: str) -> list[NumberMention]:
    """Every free-standing number in `text` (not part of a name such as `T2`, `G3`, `lesion_1`)."""
    out = []
    for match in NUMBER_MENTION.finditer(text):
        raw, unit = match.group(1), match.group(2)
        plain = raw.replace(",", "") if THOUSANDS.fullmatch(raw) else raw
        decimals = len(re.split(r"[.,]", plain)[1]) if re.search(r"[.,]", plain) else 0
        canonical = _UNIT_WORDS.get(unit.lower(), unit) if unit else None
        out.append(NumberMention(to_float(raw), canonical, decimals, match.start(), match.end()))
    return out


def to_evidence_unit(value: float, unit: str) -> tuple[str, float] | None:
    """(dimension, value in the evidence unit of that dimension), None for a unit not understood."""
    if unit not in UNIT_DIMENSION:
        return None
    dimension, factor = UNIT_DIMENSION[unit]
    return dimension, value * factor


def format_value(value: float, unit: str | None) -> str:
    """A measured value as an answer prints it: one decimal for volumes, HU and mm, three for ratios; a value that
    one decimal would show as zero (a tumour burden of 0.0103 %) with three significant digits."""
    if unit in ("count", "slice"):
        return f"{int(round(value))}"
    if unit == "ratio":
        return f"{value:.3f}"
    if unit == "cm":
        return f"{value:.2f} cm"
    small = 0 < abs(value) < 0.05  # three significant digits, never in exponent form ("1e-06" reads as 1 and 06)
    text = f"{value:.{min(9, 2 - math.floor(math.log10(abs(value))))}f}" if small else f"{value:.1f}"
    return f"{text} {unit}" if unit else text


def distinct_values(first: float, second: float, unit: str | None) -> tuple[str, str]:
    """Two measured values as an answer prints them, with the fewest decimals (one to four) that show them apart:
    24.66 and 24.62 mL print as `24.66 mL` and `24.62 mL`, not as `24.7 mL` and `24.6 mL` (which still differ) nor
    as one `24.6 mL` twice. Values equal to four decimals print with four. Counts and slices print as integers."""
    if unit in ("count", "slice"):
        return format_value(first, unit), format_value(second, unit)
    for decimals in range(1, 5):
        a, b = f"{first:.{decimals}f}", f"{second:.{decimals}f}"
        if a != b:
            break
    return (f"{a} {unit}", f"{b} {unit}") if unit else (a, b)


def yes_no(text: str) -> bool | None:
    """The yes/no an answer starts with (`Yes.`, `No:` ...), None if it starts with neither."""
    match = re.match(rf"\s*(?:#+\s*)?(?:(?:final |short )?answer\b\s*[:—–-]?\s*)?(?:[A-D][:.)]\s*)?\**\s*({YES_WORDS}|{NO_WORDS})"
                     r"\b(?!-)", text, re.IGNORECASE)
    if not match:
        return None
    return re.fullmatch(YES_WORDS, match.group(1).lower()) is not None


SMALLER_SIDE = re.compile(r"(?i)\b(left|right)((?:\s+kidney)?(?:\s+(?:is|appears|looks))?(?:\s+absent\s+or)?"
                          r"(?:\s+(?:clearly|markedly|much|significantly))?)"
                          r"\s+(?:smaller|atrophic|shrunken|reduced)\b")
"""One side said smaller ("Left kidney smaller"): the other side larger, so a label and an option that say the same
asymmetry from either side match ("right kidney larger")."""


SIZED_OPTION = re.compile(r"\b(?:left|right)\b[^,;]*\b(?:smaller|larger|bigger)\b", re.IGNORECASE)


def larger_side(text: str) -> str:
    """`text` with a side said smaller written as the other side larger ("Left kidney smaller" -> "right kidney
    larger"), so options and labels that say one asymmetry from either side match."""
    return SMALLER_SIDE.sub(lambda m: f"{'right' if m.group(1).lower() == 'left' else 'left'}{m.group(2)} larger", text)


def _canonical_tokens(text: str) -> list[str]:
    low = text.lower()
    low = re.sub(r"^\s*[a-d]\s*[:.)]\s*", "", low)
    for pattern, word in _SYNONYMS:
        low = re.sub(pattern, word, low)
    return re.findall(r"[a-z0-9]+", low)


def similarity(a: str, b: str) -> float:
    """Token F1 between two short texts after clinical synonyms (hypodense = hypoattenuating)."""
    ta, tb = _canonical_tokens(a), _canonical_tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    return 2 * common / (len(ta) + len(tb))


NEGATIVE_LABEL = re.compile(r"\s*(?:[a-d]\s*[:.)]\s*)?(no|not|none|normal|absent|without|negative|preserved|unremarkable|"
                            r"intact)\b", re.IGNORECASE)
"""A label or option that states the finding is absent ("No hepatic steatosis", "Normal (no splenomegaly)",
"Preserved (normal)")."""


LESION_KINDS = frozenset({"pdac", "pnet", "cyst", "pseudocyst", "mucinous", "serous", "ipmn", "hcc", "rcc",
                          "metastasis", "hemangioma", "adenoma", "lymphoma", "angiomyolipoma", "oncocytoma"})
"""Words (after `_SYNONYMS`) that name a kind of lesion: a label naming one kind is never an option naming only
others, however many other words they share ("PNET (pancreatic neuroendocrine tumor)" is not "Simple pancreatic
cyst")."""


def _kinds(text: str) -> set[str]:
    return set(_canonical_tokens(text)) & LESION_KINDS


SENTENCE_DENIES = re.compile(r"\b(?:no|not|without|normal|absent|none|unremarkable|negative|free|n't)\b|n't\b", re.IGNORECASE)
"""Words by which a sentence may say a finding is not there."""


def best_option(label: str, choice_set: ChoiceSet) -> tuple[str | None, float]:
    """The option a category label names, and how well; (None, 0) when none shares a word.

    Polarity first: when the options hold both negative ("No hepatic steatosis") and positive ones, a
    negative label is one of the negative options and a positive label one of the others, however
    many words it shares with an option of the other polarity ("no fatty liver" is not "Mild fatty liver").
    """
    negative = NEGATIVE_LABEL.match(label) is not None
    options = [o for o in choice_set.options if (NEGATIVE_LABEL.match(o.text) is not None) == negative]
    if len(label.split()) > 4 or len(options) in (0, len(choice_set.options)):  # a sentence is not a label
        options = list(choice_set.options)
        if len(label.split()) > 4 and not SENTENCE_DENIES.search(label):  # "your spleen is very enlarged" denies
            options = [o for o in options if NEGATIVE_LABEL.match(o.text) is None] or options  # nothing: no "Normal
            # (no splenomegaly)" for its "splenomegaly"
    from questions.spelling import arabic_segments

    label = arabic_segments(label)  # "segment 6" is the option "Segment VI"
    if any(SIZED_OPTION.search(o.text) for o in options):  # "Left kidney smaller" against "right kidney larger": one
        label = larger_side(label)  # finding said from either side, read from the larger one's
        options = [replace(o, text=larger_side(o.text)) for o in options]
    named = _kinds(label)
    if named:  # another kind of lesion is not this one
        options = [o for o in options if not _kinds(o.text) or _kinds(o.text) & named]
    words = {t for t in _canonical_tokens(label) if not t.isdigit()}
    options = [o for o in options if words & set(_canonical_tokens(o.text))]  # a shared number alone ("x < 1" and
    # "Grade 1") names no option
    scored = [(similarity(label, arabic_segments(o.text)), o.letter) for o in options]
    best = max(scored, default=(0.0, None))
    ties = [letter for score, letter in scored if math.isclose(score, best[0])]
    if best[0] == 0.0 or len(ties) > 1:
        return None, best[0]
    return best[1], best[0]


GRADE_WORDS = re.compile(r"\b(?:mild|moderate|severe|marked|massive|minimal|slight|early|advanced|gross|grade\s*\w+|"
                         r"g[0-3]|to)\b")
"""Words that grade a finding ("moderate to severe fatty liver", "G2"): the finding itself is what is left."""
_PRESENCE = {"present", "presence", "yes", "seen", "detected", "positive", "there", "is", "of", "evidence", "signs",
             "sign", "finding", "findings", "the", "a", "an", "patient", "has", "significant", "definite"}
"""Words an option may say beside the finding it names without naming another ("Steatosis present")."""
_NEGATION = {"no", "not", "without", "absent", "negative", "none"}


def _finding_words(text: str) -> tuple[set[str], set[str]]:
    """(the finding's words, its grade words) of a category label or option, after clinical synonyms."""
    low = " ".join(_canonical_tokens(text))
    grades = {m.group(0) for m in GRADE_WORDS.finditer(low)} - {"to"}
    rest = set(GRADE_WORDS.sub(" ", low).split()) - _PRESENCE - _NEGATION
    return rest, grades


def names_finding(option: str, label: str, positive: bool) -> bool:
    """Whether an option names a criterion's category by its finding, whatever the grade: "Fatty liver" and
    "Steatosis present" name "moderate to severe fatty liver" (a positive category of that finding); "No fatty liver"
    names the negative one. Never across findings ("Fatty pancreas" is not fatty liver), never another grade ("Mild
    fatty liver" is not "moderate to severe"), never across polarity. The reasoner picks by it when no option says
    the label itself, and the reviewer accepts the option it names (one rule for both).

    Args:
        option: the option's text.
        label: the criterion's category (`moderate to severe fatty liver`).
        positive: whether the category is a positive one of its criterion (`core.tasks.is_positive`).
    """
    if (NEGATIVE_LABEL.match(option) is not None) == positive:
        return False
    said, said_grades = _finding_words(option)
    finding, grades = _finding_words(label)
    return bool(finding) and said == finding and said_grades <= grades


NON_ANSWER = re.compile(r"\b(cannot|can't|indeterminate|unknown|undetermined|no such|not (present|applicable|assessable)|"
                        r"none|neither|absent)\b", re.IGNORECASE)
"""An option that gives no finding ("Cannot be determined", "No such lesion present")."""


CYST_OPTION = re.compile(r"^\s*(?:an?\s+)?(?:(?:simple|pancreatic|benign|fluid-filled)\s+)?(?:cyst|cystic)\b"
                         r"(?![^()]*\b(?:pdac|pnet|adenocarcinoma|neuroendocrine)\b)", re.IGNORECASE)
"""An option saying the lesion is a cyst, neither tumour ("Cystic lesion", "Cystic lesion (neither)", "Pancreatic
cyst"): understanding reads the options by it, the reasoner picks by it and the reviewer holds the answer to it."""


def finding_of(task: str) -> str:
    """The finding a yes/no task asks about, its first word ("pseudocyst determination" -> "pseudocyst")."""
    return task.split()[0].lower() if task else ""


def finding_or_alternative(task: str, choice_set: ChoiceSet) -> tuple[str, str] | None:
    """(letter of yes, letter of no) when a yes/no finding is asked with the finding and one alternative as its options
    ("pseudocyst (HU > 14.5) or mucinous? A. Pseudocyst B. Mucinous cystic lesion"): the option naming the finding (the
    task's first word) is yes, the one other option that names something is no; None when the options are not that
    pair. The reasoner picks by it and the reviewer reads the chosen option by it."""
    finding = finding_of(task)
    named = [o for o in choice_set.options if not NON_ANSWER.search(o.text)]
    own = [o for o in named if finding and re.search(rf"\b{re.escape(finding)}s?\b", o.text, re.IGNORECASE)]
    if len(named) != 2 or len(own) != 1:
        return None
    return own[0].letter, next(o.letter for o in named if o is not own[0])


def option_naming_finding(label: str, positive: bool, choice_set: ChoiceSet) -> str | None:
    """The one option that names the category by its finding (`names_finding`), when no option says the label itself;
    None when none or several do."""
    if any(similarity(label, o.text) == 1.0 for o in choice_set.options):
        return None
    found = [o.letter for o in choice_set.options if names_finding(o.text, label, positive)]
    return found[0] if len(found) == 1 else None


OPTION_MATCH_RELATIVE = 0.10
"""How far (as a fraction of the option) a measured value may lie from the numeric option it is read as.

DeepTumorVQA's distractors sit 20 % or more from the answer; a measured value further than this from
every option answers none of them (a different quantity, or a measurement convention the options do
not share), and the answer abstains instead of taking whichever option happens to be nearest."""
OPTION_MATCH_FLOOR = {"length": 1.0, "volume": 0.5, "attenuation": 3.0, "percent": 0.1}
"""Absolute slack per dimension (evidence units: mm, mL, HU, %) for values near zero, where 10 % of
the option is less than two measurement conventions differ by (one voxel of erosion moves a mean a few HU)."""


def option_tolerance(option_value: float, dimension: str | None, rounding: float = 0.0) -> float:
    """How far a measured value may lie from `option_value` (evidence unit) and still be that option:
    10 % of it, at least the dimension's floor and `rounding` (half a unit of the option's last printed
    digit, in the evidence unit)."""
    return max(OPTION_MATCH_RELATIVE * abs(option_value), OPTION_MATCH_FLOOR.get(dimension or "", 0.0), rounding)


def in_evidence_unit(option: ParsedChoice, choice_set: ChoiceSet) -> tuple[float, Dimension | None, float]:
    """A numeric option as (value in the evidence unit, its dimension, the factor from its own unit):
    `2.08` asked "in cm" -> (20.8, "length", 10.0); an option without a known unit is taken as written."""
    assert option.value is not None
    unit = option.unit or choice_set.unit
    if unit in UNIT_DIMENSION:
        dimension, factor = UNIT_DIMENSION[unit]
        return option.value * factor, dimension, factor
    return option.value, None, 1.0


def options_reached(value: float, error: float, unit: str | None, choice_set: ChoiceSet) -> list[str]:
    """The letters of the numeric options whose match window (`option_tolerance`) meets `value` ± `error` (evidence
    unit): more than one, and a value measured on predicted masks does not tell which option it is."""
    return [letter for letter, option_value, tolerance in option_windows(unit, choice_set)
            if abs(option_value - value) <= error + tolerance]


def option_windows(unit: str | None, choice_set: ChoiceSet) -> list[tuple[str, float, float]]:
    """Each numeric option as (letter, value in the evidence unit, its `option_tolerance`)."""
    out = []
    for option in choice_set.options:
        if option.value is None:
            continue
        option_value, dimension, factor = in_evidence_unit(option, choice_set)
        dimension = dimension or EVIDENCE_DIMENSION.get(unit or "")
        printed = numbers_in(option.text)
        rounding = printed[0].tolerance * factor if printed else 0.0
        out.append((option.letter, option_value, option_tolerance(option_value, dimension, rounding)))
    return out


def spread_sentence(value: float, error: float, unit: str | None, letters: list[str]) -> str:
    """Why a number on predicted masks picks no option: the options its plausible error reaches."""
    return (f"the measured {format_value(value, unit)} carries a plausible error of ±{format_value(error, unit)} "
            f"(predicted masks), and options {', '.join(letters[:-1])} and {letters[-1]} all lie within it: which "
            "one it is, the masks cannot tell")


def nearest_option(value: float, unit: str | None, choice_set: ChoiceSet) -> str | None:
    """The numeric option a measured value is, comparing in the evidence unit: the closest one, provided
    it lies within `option_tolerance` of the value; None when no option does (or none is numeric)."""
    best: tuple[float, str] | None = None
    for letter, option_value, tolerance in option_windows(unit, choice_set):
        distance = abs(option_value - value)
        if distance > tolerance:
            continue
        if best is None or distance < best[0]:
            best = (distance, letter)
    return best[1] if best else None
