"""What every review check reads: the question, its intent, the answer and the evidence."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from agents.review_checks.presentation import RESTATED_QUESTION
from core.anatomy import families as target_families
from core.anatomy import family
from core.case import Answer, Check, Evidence
from core.state import Intent
from questions.intents import ChoiceSet, choices_asked, extract
from questions.intents.answers import UNIT_DIMENSION, NumberMention, numbers_in

__all__ = ["ReviewInput", "failed", "family", "items_stating", "numeric", "passed", "stated_numbers", "target_families"]

CHOICE_LEAD = r"(?:[:.),;]|[—–]|-(?=\s))"
"""What follows a multiple-choice answer's letter: `B: T2. ...` (older results), `B — T2: ...` (`compose.option_answer`), `B, no lesion`, a bulleted "Answer: B" moved first (`B;`)."""
NUMBER_WORDS = {"one": 1, "single": 1, "solitary": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
COUNTED = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})\b(?!\s+of\b)(?=(?:\s+[a-z-]+){{0,2}}?\s+(?:lesions?|cysts?|tumou?rs?|"
                     r"mass(?:es)?|nodules?|metastas[ie]s|foci|focus|deposits?|spots?|lumps?|growths?)\b)", re.IGNORECASE)
"""A count written as a word before what it counts ("Three liver lesions", "a single lesion", a patient's "two spots")."""
_SEVERAL = "|".join(w for w, n in NUMBER_WORDS.items() if n > 1)
COUNTED_APART = re.compile(rf"\b({_SEVERAL})\s+of\s+(?:them|these|those|the\b)|(?:^(?:\s*(?:just|only|exactly))?|\b(?:count|number|total)\s*[:=])"
                           rf"\s*({'|'.join(NUMBER_WORDS)})"
                           r"(?=\s*(?:[.!;:,\n—–]|-\s|$|\s+(?:in total|in all|altogether|overall|of them)\b))", re.IGNORECASE)
"""A count written as a word standing for what the question counts: "Two of them lie in segment 7", "Two of the
lesions", the whole answer ("Six.", "Three in total"), the answer's head before what it lists ("Two: a solid mass and
a small cyst") or a count's label ("Count: three"); "one of the lesions" names a lesion, it counts none."""

_TIMES = r"(?:now|today|currently|at present|presently|then|before|previously|earlier|at baseline|initially|" \
    r"(?:on|in|at) (?:the )?(?:prior|previous|earlier|current|present|baseline|last|first|latest|follow-up)\b)"
COUNTED_AT = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})\b(?=\s+{_TIMES})|\b(?:now|today|currently|then|before|"
                        rf"previously|earlier|initially|prior|previous|current)[\s:*]{{1,4}}({'|'.join(NUMBER_WORDS)})\b"
                        r"(?!\s+(?:of|times|weeks?|months?|years?|days?)\b)", re.IGNORECASE)
"""A count written as a word bound to a study time instead of a noun ("two now, three on the prior study",
"previously three", "**Prior:** three"): the question counted, at that time."""
VERSION_BEFORE = re.compile(r"\b(?:[im]?RECIST\s*(?:v(?:ersion)?\.?\s*)?|version\s*|\bv\.?\s*)$", re.IGNORECASE)
"""A guideline's version ("RECIST 1.1", "version 2019") is its name, not a value."""

UNITS_SPELT = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNIT = "|".join(UNITS_SPELT)
_BELOW_100 = rf"(?:(?:{'|'.join(TENS)})(?:[- ](?:{_UNIT}))?|{'|'.join(TEENS)}|{_UNIT}|zero)"
SPELT = re.compile(rf"\b((?:(?:{_UNIT}) hundred(?: and)?(?: {_BELOW_100})?)|{_BELOW_100})"
                   rf"(?: point((?: (?:{_UNIT}|zero))+))?(?: and (?P<fraction>a half|a quarter|three quarters))?"
                   rf"(?=\s+(?P<unit>millimet(?:er|re)s?|centimet(?:er|re)s?|millilit(?:er|re)s?|"
                   r"lit(?:er|re)s?|mm|cm|ml|hounsfield units?|hu|per ?cent|%)\b)", re.IGNORECASE)
"""A measured value spelt out before its unit ("twenty-five millimetres", "one point two litres", "thirty and a half
millimetres")."""
FRACTIONS = {"a half": 0.5, "a quarter": 0.25, "three quarters": 0.75}


ABBREVIATED = re.compile(r"\b(?:approx|ca|cf|vs|e\.g|i\.e|est)\.(?=\s)", re.IGNORECASE)
"""A word shortened with a full stop ("Approx. 400 mL"): the stop ends no sentence."""
SIDE_ABBREVIATION = re.compile(r"(?<![\w/])(?:(R|Rt)|(L|Lt))\b\.?(?=\s*(?:kidneys?|renal|adrenal|lobe|hemiliver|side|"
                               r"-sided)\b)|(?<![\w/])(?:(Rt)|(Lt))\.(?=\s)")
"""A side abbreviated as radiologists write it ("R kidney", "Lt. renal cyst", "Rt."): the registry's words are
left and right."""


HEADING = re.compile(r"\A\s*(?:#{1,6}\s*|\*\*)?([A-Za-z][^\n#*\d:.]{0,30}?)(?:\*\*)?\s*:?\s*\n+(?=\s*[-*•]?\s*(?:\*\*)?[A-Za-z\d])")
"""A first line that only heads its content ("### Liver" over "- volume: 1594.7 mL"): read as the content's subject."""
ANSWER_LABEL = re.compile(r"(?:final |short |my )?(?:answer|result|response|conclusion|bottom line|verdict)", re.IGNORECASE)
"""A heading that only says an answer follows ("### Answer" over "**3**"): no subject."""
ANSWER_SAID = re.compile(r"(?:^|(?<=[.!?])\s+)(?:so |thus |therefore |hence |in short,? )?(?:the|my) (?:final |short )?answer"
                         r"(?: to (?:your|the|this) question)?(?: is|:)\s*(?P<said>[^.\n]+?)\.?\s*$", re.IGNORECASE)
"""An answer said at the end after its reasons ("... So the answer to your question is No.", "My answer: Yes."): the
claim's head."""
ANSWER_LEAD = re.compile(r"^\s*(?:[^.!?\n]{0,60}?,\s*)?(?:(?:my|the|our) (?:final |short )?answer(?: to (?:your|the|this) "
                         r"question)? (?:is|would be)|i(?:'d| would) (?:say|go with|conclude|answer))\s*:?\s*"
                         r"(?P<said>(?:[^.\n]|\.(?=\d))+?)\.(?!\d)\s*(?:(?:here is|here's|this is) why|(?:the )?reason(?:ing)?(?: is)?|because|why|"
                         r"(?:the )?(?:numbers|values|measurements|figures) behind (?:that|it|this))?\s*:?\s*", re.IGNORECASE)
"""An answer said first, in a sentence that introduces it ("Looking at the measurements, my answer is No. Here is why:
kidney tumor count 0"): the claim's head, then its reasons."""
JSON_FIELD = re.compile(r'"([a-z][a-z0-9_]*?)_(ml|mm|hu|pct|percent)"\s*:\s*(-?\d+(?:\.\d+)?)', re.IGNORECASE)
"""A JSON field whose key carries the value's unit ({"spleen_mean_hu": 47.0})."""
FIELD_UNITS = {"ml": "mL", "mm": "mm", "hu": "HU", "pct": "%", "percent": "%"}


def field_words(match: re.Match[str]) -> str:
    """`"spleen_mean_hu": 47.0` as words: `spleen mean HU: 47.0 HU`."""
    unit = FIELD_UNITS[match.group(2).lower()]
    return f'{match.group(1).replace("_", " ")} {unit}: {match.group(3)} {unit}'


UNCERTAINTY = re.compile(r"\((?=[^()]*(?:\bCI\b|confidence|±|\+/-|uncertaint\w*|\berror\b|margin|precision))[^()]*\)"
                         r"|\s*(?:±|\+/-)\s*\d+(?:\.\d+)?\s*(?:%|mm|ml|hu|voxels?)?(?![\w.])", re.IGNORECASE)
"""An uncertainty said beside a value ("238.8 mL (uncertainty roughly ±5 %, i.e. about 227–251 mL)", "25.8 mm
(± 1 mm)", "(95 % CI 22–26 mm)")."""
RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:[–—-]|to)\s*(\d+(?:\.\d+)?)\s*([a-zA-Z%]+)?")


def without_uncertainty(text: str, values: list[float]) -> str:
    """The text with each uncertainty aside (`UNCERTAINTY`) blanked (same length) whose every range holds a cited
    value in the range's unit: an interval said around the measurement restates it; one that misses it stays to be
    judged (a "CI 30-33 mm" around 25.8 mm is a wrong value)."""
    def holds(span: str) -> bool:
        for low, high, unit in RANGE.findall(span):
            said = numbers_in(f"{high} {unit or ''}")
            factor = (said[0].in_evidence_unit() or (None, float(high)))[1] / float(high) if said and float(high) else 1.0
            lo, hi = float(low) * factor, float(high) * factor
            if not any(lo <= v <= hi for v in values):
                return False
        return True

    return UNCERTAINTY.sub(lambda m: " " * len(m.group(0)) if holds(m.group(0)) else m.group(0), text)


def spelt_sides(text: str) -> str:
    """The text with abbreviated sides written out ("R kidney" -> "right kidney"); "L/S" and other letters stay."""
    return SIDE_ABBREVIATION.sub(lambda m: "right" if m.group(1) or m.group(3) else "left", text)


TIMES_GLUED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[xX](?![\w²³])(?!\s*\d)")
"""A multiple glued to a letter x ("2.4x the second", "3x outlier rule"; not "2x2x5 mm"): the number reader, which
reads "2.4×", leaves it unread."""


def _spelt_value(words: str, decimals: str | None) -> float:
    """The number of `twenty-five`, `three hundred and twelve`, with `point two five` digits after the point."""
    value = 0
    for word in re.split(r"[- ]+", words.lower()):
        if word == "hundred":
            value *= 100
        else:
            value += UNITS_SPELT.get(word) or TEENS.get(word) or TENS.get(word, 0)
    digits = "".join(str(UNITS_SPELT.get(d, 0)) for d in (decimals or "").split())
    return float(f"{value}.{digits}") if digits else float(value)


def stated_numbers(text: str) -> list[NumberMention]:
    """Every number the text states: written in digits, a count written as a word ("Two hepatic lesions"), or a
    value spelt out before its unit ("twenty-five millimetres")."""
    words = [NumberMention(float(NUMBER_WORDS[m.group(1).lower()]), None, 0, m.start(), m.end())
             for m in COUNTED.finditer(text)]
    for m in COUNTED_APART.finditer(text):
        word = m.group(1) or m.group(2)
        start = m.start(1) if m.group(1) else m.start(2)
        if not any(w.start == start for w in words):
            words.append(NumberMention(float(NUMBER_WORDS[word.lower()]), None, 0, start, start + len(word)))
    for m in COUNTED_AT.finditer(text):
        word = m.group(1) or m.group(2)
        start = m.start(1) if m.group(1) else m.start(2)
        if not any(w.start == start for w in words):
            words.append(NumberMention(float(NUMBER_WORDS[word.lower()]), None, 0, start, start + len(word)))
    for m in SPELT.finditer(text):
        value = _spelt_value(m.group(1), m.group(2)) + FRACTIONS.get((m["fraction"] or "").lower(), 0.0)
        unit = numbers_in(f"{value:g} {re.sub(r'(?i)per ?cent', '%', m['unit'])}")
        decimals = len(m.group(2).split()) if m.group(2) else len(f"{value:g}".partition(".")[2])
        end = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()) + len(m["unit"])
        spelt = NumberMention(value, unit[0].unit if unit else None, decimals, m.start(), end)
        words = [w for w in words if not spelt.start <= w.start < spelt.end] + [spelt]  # "thirty six mm": one number
    words += [NumberMention(float(m.group(1)), None, len(m.group(1).partition(".")[2]), m.start(), m.end(1))
              for m in TIMES_GLUED.finditer(text)]  # "2.4x", "3×": a ratio written against its sign
    words = [w for w in words if not NOT_A_SINGLE.search(text[:w.start])]  # "there isn't a single lesion": none
    return sorted([m for m in (*numbers_in(text), *words) if not VERSION_BEFORE.search(text[:m.start])],
                  key=lambda m: m.start)


_OPERAND = r"[-−]?\d+(?:\.\d+)?\s*(?:%|[A-Za-z³]{1,3}\b)?"
_LABEL = r"(?:\s*\([A-Za-z][^()\d]{0,30}\)|(?:\s+[A-Za-z]{2,20}){1,3}(?=\s*(?:[+−/×÷*=]|-\s)))?"
WORKED = re.compile(rf"(?:\b[A-Za-z][\w/ ]{{0,24}}?\s*\(?)?{_OPERAND}\)?{_LABEL}(?:\s*,?\s*(?:[+−/×÷*]|-(?=\s)|\bx\b|\bminus\b|"
                    rf"\bplus\b|\bover\b|\bdivided by\b|\btimes\b)\s*(?:\b[A-Za-z][\w/ ]{{0,24}}?\s*\(?)?{_OPERAND}\)?{_LABEL})+"
                    rf"\s*(?:=|≈|equals\b)\s*", re.IGNORECASE)
"""A worked computation shown before its result ("liver 2082.4 mL + spleen 299.7 mL = ", "14.4 / 1636.7 × 100 ≈ ",
"Tumour 43.0 HU − liver 105.0 HU = ", "80.0 HU (lesion) − 151.6 HU (left kidney) = ", "1.874 mL tumour / 51.444 mL
pancreas × 100 = ")."""
ARROW_VERDICT = re.compile(r"(?:->|→|=>|⇒)\s*(?P<verdict>[^.;\n→]+?)\s*(?:[.;\n]|$)")
"""A verdict drawn at the end of a worked breakdown ("top two 80 % -> somewhat clustered")."""
SO_VERDICT = re.compile(r"[,;:]\s*(?:so|therefore|hence|thus)\b,?\s*(?:i(?:'d| would) (?:pick|choose|go with|say)|the answer is|"
                        r"it(?:'s| is)|that(?:'s| is)|that makes it)?\s*(?P<verdict>[^.;\n]+)", re.IGNORECASE)
"""A verdict concluded after a tally ("..., segments 1 and 5 none, so I'd pick B (Segment 8)")."""


def verdicts(text: str) -> list[str]:
    """The verdicts a worked answer draws (`ARROW_VERDICT`, `SO_VERDICT`), in the order the text gives them."""
    found = [m for pattern in (ARROW_VERDICT, SO_VERDICT) for m in pattern.finditer(text)]
    return [m.group("verdict") for m in sorted(found, key=lambda m: m.start())]


RULE_STATED = re.compile(r"\b(?:counts? as|(?:is |are )?(?:only )?(?:considered|called|regarded as|deemed)|qualif\w+ as)\s+"
                         r"[\w -]{0,30}?\b(?:above|over|beyond|below|under|more than|less than|from|at least|[<>≤≥])\s*"
                         r"\d", re.IGNORECASE)
"""A category said with the limit that defines it, a rule and no finding ("a pancreas is only considered enlarged above
100 mL", "counts as a cyst below 20 HU")."""
PERCENT_FACTOR = re.compile(r"(?:[×x*]|times)\s*$", re.IGNORECASE)
"""The operator before a 100 that turns a fraction into a percentage ("14.4 / 1636.7 × 100 = 0.9 %")."""


def worked_result(text: str) -> int | None:
    """Where the result of the last worked computation the text shows begins, else None: the numbers before it are
    its inputs, the answer is the number after its "=" sign."""
    last = None
    for match in WORKED.finditer(text):
        last = match.end()
    if last is None and "(" in text:  # "15.9 mL / (140.2 + 155.8) mL = 5.38%": a bracketed sum of terms, read as its
        plain = re.sub(r"\)\s*(?:mL|mm|cm|HU|cm3|cm³)(?!\w)", lambda m: " " * len(m.group(0)), text)  # terms, where
        for match in WORKED.finditer(plain.replace("(", " ").replace(")", " ")):  # each stands (same length)
            last = match.end()
    return last


def worked_constant(text: str, mention: NumberMention, result: int | None) -> bool:
    """Whether the number is a constant of a worked computation and no measured value: the 100 of a worked percentage
    ("× 100 ="), or the factor between two units it converts ("27.59 mm ÷ 10 = 2.76 cm"); `result` is where the
    text's worked result begins (`worked_result`)."""
    if mention.unit is not None or result is None or mention.end > result:
        return False
    if mention.value == 100 and PERCENT_FACTOR.search(text[:mention.start]) is not None:
        return True
    operator = CONVERSION_OPERATOR.search(text[:mention.start])
    before = [m.unit for m in numbers_in(text[:operator.start()]) if m.unit] if operator else []
    after = [m.unit for m in numbers_in(text[result:]) if m.unit]
    if not before or not after or before[-1] == after[0] or not {before[-1], after[0]} <= UNIT_DIMENSION.keys():
        return False
    (dimension, factor), (result_dimension, result_factor) = UNIT_DIMENSION[before[-1]], UNIT_DIMENSION[after[0]]
    ratio = factor / result_factor
    return dimension == result_dimension and abs(max(ratio, 1 / ratio) - mention.value) < 1e-9


def unit_identity(text: str, mention: NumberMention) -> bool:
    """Whether the number is one side of a unit identity said beside the answer ("1 mL = 1 cm³", "1 cm = 10 mm"):
    two amounts of one dimension, equal once converted, a unit factor (1, 10, 100, 1000), joined by "="."""
    said = [m for m in stated_numbers(text) if m.unit]
    for first, second in itertools.pairwise(said):
        if mention.start not in (first.start, second.start) or \
                not re.fullmatch(r"\s*(?:=|equals)\s*", text[first.end:second.start]):
            continue
        left, right = first.in_evidence_unit(), second.in_evidence_unit()
        if left and right and left[0] == right[0] and abs(left[1] - right[1]) < 1e-9 and \
                {first.value, second.value} <= {1.0, 10.0, 100.0, 1000.0}:
            return True
    return False


CONVERSION_OPERATOR = re.compile(r"(?:[×x*÷/]|times|divided by|multiplied by)\s*$", re.IGNORECASE)
"""The operator before a unit conversion's factor ("÷ 10", "/ 1000")."""


NOT_A_SINGLE = re.compile(r"(?:\bnot|n't|\bno|\bwithout|\bnever)\s+(?:even\s+)?(?:a|one)\s+$", re.IGNORECASE)
"""Words before "single" that deny every one ("there isn't a single lesion", "not a single cyst"): no count of one."""


def items_stating(mention: NumberMention, items: list[Evidence]) -> list[Evidence]:
    """The items whose value the mention states, in the evidence unit, within its printed precision."""
    converted = mention.in_evidence_unit()
    target = converted[1] if converted else mention.value
    slack = mention.tolerance * (abs(target / mention.value) if mention.value and converted else 1.0)
    return [e for e in items if (v := numeric(e)) is not None and abs(v - target) <= slack + 1e-6 * abs(v)]


def numeric(e: Evidence) -> float | None:
    """An evidence item's value as a number; None for text, booleans and missing values."""
    if isinstance(e.value, bool) or not isinstance(e.value, int | float):
        return None
    return float(e.value)


@dataclass
class ReviewInput:
    """One answer under review, with everything a check may read."""

    question: str | None
    choices: dict[str, str] | None
    intent: Intent
    answer: Answer | None
    evidence: list[Evidence]
    base: Any
    """The knowledge base (`knowledge.KnowledgeBase`) the cited criteria come from."""
    track: str | None = None
    reported: str | None = None
    """A saved result's top-level `answer` (for multiple choice, the letter it reports), when reviewed from file."""
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}

    @cached_property
    def by_key(self) -> dict[str, Evidence]:
        """Measured and derived evidence by `{target}.{name}`; for a question about "the largest <kind>", the group's
        largest-lesion keys read the lesion asked about, as the reasoner reads them (`agents.reasoners.asked_kind`)."""
        from agents.reasoners.asked_kind import asked_view, content_entry

        return asked_view(self.intent, self.measured, content_entry(self.intent, self.base))

    @cached_property
    def measured(self) -> dict[str, Evidence]:
        """Measured, derived and segmentation evidence by `{target}.{name}`, as measured (no lesion asked read in)."""
        return {f"{e.target}.{e.name}": e for e in self.evidence
                if e.kind in ("measurement", "finding", "segmentation") and e.target}

    def number(self, key: str) -> float | None:
        """The measured or derived number at `{target}.{name}`; None when absent or not a number."""
        item = self.by_key.get(key)
        return None if item is None else numeric(item)

    @cached_property
    def headline(self) -> str:
        """The claim's first clause: up to the first full stop, semicolon, colon or line break."""
        claim = ABBREVIATED.sub(lambda m: m.group(0)[:-1], self.claim_text.lstrip(" .:\n\t"))
        return re.split(r"\.(?:\s|$)|;|:|\n", claim, maxsplit=1)[0]

    @cached_property
    def choice_set(self) -> ChoiceSet | None:
        return choices_asked(self.choices, extract(self.question or "").units)

    @cached_property
    def cited(self) -> list[Evidence]:
        """Evidence the answer cites, with the inputs of cited derived items."""
        if self.answer is None:
            return []
        ids = list(self.answer.evidence_ids)
        for i in list(ids):
            item = self.by_id.get(i)
            if item is not None and item.kind == "finding":
                ids += item.provenance.inputs or []
        return [self.by_id[i] for i in dict.fromkeys(ids) if i in self.by_id]

    def criterion_entries(self, cited_only: bool = True) -> list[Any]:
        """Knowledge entries of the (cited) criterion evidence."""
        pool = self.cited if cited_only else self.evidence
        out = []
        for e in pool:
            entry_id = e.provenance.entry_id if e.kind == "criterion" else None
            if entry_id and entry_id in self.base:
                out.append(self.base.get(entry_id))
        return out

    @cached_property
    def claim_text(self) -> str:
        """The answer's claim (`_claim`) with abbreviated sides written out, and an uncertainty said around a cited
        value blanked (`without_uncertainty`), as every check reads it."""
        option = self.chosen_option.strip().rstrip(".").lower()
        claim = HEADING.sub(lambda m: m.group(0) if option and m.group(1).strip().lower() == option else
                            "" if ANSWER_LABEL.fullmatch(m.group(1).strip()) else
                            f"{m.group(1)}. " if extract(m.string[m.end():].split("\n", 1)[0]).organs else f"{m.group(1)} ",
                            JSON_FIELD.sub(field_words, self._claim()))  # the chosen option over its table: the answer;
        # a first line over lines naming their own organs ("Pancreas / - liver lesion tumor burden 1.9 % / ..."): the
        # answer over its reasons, not their heading
        bare = re.fullmatch(r"\s*(?:s(?:eg)?\.?\s*)?([1-8])\.?\s*", claim, re.IGNORECASE)
        if bare and re.search(r"\b(?:which|what)\s+(?:couinaud\s+|liver\s+|hepatic\s+)?segment\b", self.question or "",
                              re.IGNORECASE):
            claim = f"segment {bare.group(1)}"  # "Which Couinaud segment ...?" "8": that segment named
        return spelt_sides(without_uncertainty(claim, [v for e in self.cited if (v := numeric(e)) is not None]))

    @property
    def chosen_option(self) -> str:
        """The text of the option the answer's letter names; "" without a letter or choices."""
        return (self.choices or {}).get(self.answer.choice or "", "") if self.answer is not None else ""

    @cached_property
    def stated_text(self) -> str:
        """The answer text without its letter ("B: Right — 112.3 mL ..." -> "Right — 112.3 mL ..."), sides spelt:
        what binds a value to its side includes the chosen option's words."""
        if self.answer is None:
            return ""
        text = self.answer.text
        if self.answer.choice:
            text = re.sub(rf"^\s*{re.escape(self.answer.choice)}\s*{CHOICE_LEAD}\s*", "", text)
        return spelt_sides(text)

    def _claim(self) -> str:
        """The answer text without the chosen option's own words (those are the option, not a claim); an answer that
        names its option once and then says why ("B — T2: largest pancreas lesion diameter 31.2 mm ...") claims that
        option's category and the reasons ("T2. largest ..."), a numeric option ("B — 31 mm: 30.5 mm ...") the
        measured value only."""
        if self.answer is None:
            return ""
        text = RESTATED_QUESTION.sub(lambda m: m.group("letter") or "", self.answer.text, count=1)
        lead = ANSWER_LEAD.match(text)
        if lead is not None:  # "Looking at the measurements, my answer is No. Here is why: ..."
            text = f"{lead.group('said').strip()}. {text[lead.end():].strip()}".strip()
        said = ANSWER_SAID.search(text)
        if said is not None and said.start() > 0:  # "In plain terms: ... So the answer to your question is No."
            text = f"{said.group('said').strip()}. {text[:said.start()].strip()}"
        if self.answer.choice and self.choices and self.answer.choice in self.choices:
            option = self.choices[self.answer.choice].strip().rstrip(".")
            named = re.match(rf"\s*{re.escape(self.answer.choice)}\s*[—–]\s*{re.escape(option)}\s*(?::\s*|$)", text) \
                if option else None
            if named is not None:  # "B — T2: why" (`compose.option_answer`): the option said once is the claim's head,
                why = text[named.end():].strip()  # as the headline after it was in "B: T2. T2. why"; a numeric
                numeric_options = self.choice_set is not None and self.choice_set.form == "number"  # option is no claim
                return why or option if numeric_options else (f"{option}. {why}" if why else option)
            text = re.sub(rf"^\s*{re.escape(self.answer.choice)}\s*{CHOICE_LEAD}\s*", "", text)
            # the option as a whole phrase ("B: Mild. ..."), not the head of the answer's own words ("B: Mild
            # splenomegaly — 398 mL, between ..."), which are a claim like any other
            polar_option = re.fullmatch(r"(?:yes|no)", option, re.IGNORECASE) is not None  # "A. No: 3 liver lesions, ...":
            # the no is the claim, the lesions its reasons (reviewer set 25d read them as the finding present)
            numeric = self.choice_set is not None and self.choice_set.form == "number"  # "C — 3 (segment VI)": a
            # numeric option's value is the claim
            if option and not polar_option and not numeric and \
                    re.match(rf"\s*{re.escape(option)}\s*(?:[.;:,—–(-]|$)", text, re.IGNORECASE):
                text = text.replace(option, " ", 1)
            if not re.search(r"\w", re.sub(rf"^\s*{re.escape(self.answer.choice)}\s*(?:{CHOICE_LEAD})?", "", text)):
                unit = self.choice_set.unit if self.choice_set is not None and self.choice_set.form == "number" else None
                if unit and unit not in ("count", "slice") and not re.search(r"[A-Za-z%³]", option):
                    return f"{option} {unit}"  # "C" of "3.8" to "... diameter (cm)?": the option in the question's unit
                return option  # the letter alone ("C", "C: 5"): the option's words are the whole claim, checked as one
        return text


def passed(name: str, reason: str, ids: list[str] | None = None) -> Check:
    return Check(name=name, passed=True, reason=reason, evidence_ids=ids or [])


def failed(name: str, reason: str, agent: str, ids: list[str] | None = None) -> Check:
    return Check(name=name, passed=False, reason=reason, agent=agent, evidence_ids=ids or [])  # type: ignore[arg-type]


def option_only(review: ReviewInput) -> bool:
    """Whether the answer is a letter or its chosen option's own text, nothing more."""
    option = review.chosen_option.strip().rstrip(".").lower()
    said = re.sub(r"^\s*\(?[A-Ea-e](?:[.):]|\s*$|\s+[—–-])\s*(?:[—–-]\s*)?", "", review.answer.text if review.answer else "").strip()
    return bool(option) and said.rstrip(".").lower() in ("", option)
