"""An analysis request: "Compute X (and Y) and report whether ...": the decision asked at the end is the question.

Requests written as a worked method name the quantities on the way ("Compute the mean HU of the liver and the spleen",
"Measure both kidney volumes") and then the decision they serve ("and report whether it indicates fatty liver", "then
state the T stage", "and report which side is larger"). The task is that decision, not the quantity computed on the
way; the organ or lesion the decision does not name is the one the method names. A planner's step number ("Step 4:")
is read past, a decision given as labels ("label hypo/iso/hyper") or as yes/no asks the category or the finding, and a
trial's quoted eligibility criterion asked of this subject is a question about this scan (`criterion_asked`).
"""

from __future__ import annotations

import re

from questions.intents import extract
from questions.resolve import resolve_pronouns

WORK = (r"(compute|calculate|measure|sum|add|count|take|derive|determine|estimate|work out|quantify|obtain|get|find|"
        r"segment|extract|assess|evaluate|compare|use)")
"""The verbs that open a worked method."""
TELL = r"(report|state|say|tell(?: me| us)?|give|decide|conclude|answer|output|return|indicate|classify|determine|label)"
"""The verbs that ask for the decision the method serves."""
REQUEST = re.compile(
    rf"^\s*(?:please\s+)?(?P<work>{WORK}\b.+?)(?:\s*[,;]\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+)"
    rf"(?P<tell>{TELL})\s+(?P<decision>\S.*?)\s*[.?!]*\s*$", re.IGNORECASE | re.DOTALL)
YES_NO = re.compile(r"^(?:(?:a |with )?(?:yes|no|true|false)\s*(?:/|or)\s*(?:yes|no|true|false)\s*(?:for|on|as to|to)?\s*)", re.IGNORECASE)
"""How the decision's answer is to be given ("yes or no for splenomegaly"): not what is decided."""
RESULT_ONLY = re.compile(r"^(?:the |its |their |your )?(?:result|total|sum|value|answer|number|figure|outcome|"
                         r"measurements?|values?)s?$", re.IGNORECASE)
"""A decision that is only the computed value ("and report the total"): the method itself is the question."""
LESION_NOUN = re.compile(r"\b((lesion|tumou?r|cyst|nodule)s?|mass(es)?|metastas[ie]s|pdac|pnet)\b", re.IGNORECASE)
"""The lesion the method names ("the pancreatic cyst diameter"): kept for a decision that names none."""
DECISION = re.compile(r"(whether|if|which|what|how|yes|no|true|false)\b|(the |an? )?([\w-]+ ){0,2}(organ|side|structure|"
                      r"segment|kidney|lobe|part|one|region|half|halves|section|area)s? (with|that|closest|nearest|in contact|touching|having|adjacent|"
                      r"carrying|bearing|holding)\b", re.IGNORECASE)
"""A decision asked as an embedded question ("whether it indicates fatty liver", "which side is larger", "yes or no for
splenomegaly") or as the one picked ("the organ with the highest lesion total"); a bare noun phrase after the method
("and give the T stage") is a second thing asked, read as a part of a multi-part question."""
STEP = re.compile(r"^\s*(?:step|task|subtask|action|item)\s*#?\s*\d+(?:\s*(?:of|/)\s*\d+)?\s*[:.)\-–—]\s*(?=\S)",
                  re.IGNORECASE)
"""A planner's step number ("Step 4: compare ...", "Step 3 of 7:"): where the step stands in a plan, not what it asks."""
OPTIONS_LABEL = re.compile(r"^[a-z-]+(?:\s*(?:/|,|,?\s+or\b)\s*[a-z-]+)+$", re.IGNORECASE)
"""A decision given as its labels ("label hypo/iso/hyper"): the method decides which."""
PLACES = re.compile(r"\b(segments|lobes|hemi-?livers?|halves|sections|sectors|regions|parts|(right|left) and (right|left))\b",
                    re.IGNORECASE)
"""Places a method compares ("between the right and left hemiliver segments"): kept with the one the decision picks."""
OUTPUT_SPEC = re.compile(r"(?<=[.;])\s*(?:output|return|print|emit|answer|respond|reply)(?: with)?:?\s+(?:['\"‘“][^'\"’”]+"
                         r"['\"’”]\s*(?:,|or|/)\s*)+['\"‘“][^'\"’”]+['\"’”]\s*\.?\s*$", re.IGNORECASE)
"""A closing sentence that only spells the answer's labels ("... decide whether the liver is fatty. Output 'fatty' or
'not fatty'."): how to answer, the sentence before it asks."""
CRITERION = re.compile(r"^\s*(?:(?:the\s+)?(?:trial|study|protocol)(?:'s)?\s+)?(?:eligibility|inclusion|exclusion|enrol+ment|entry)"
                       r"(?:\s+(?:criterion|criteria|rule|requirement))?(?:\s*#?\s*\d+)?\s*[:\-–—]\s*['\"‘“](?P<criterion>[^'\"’”]+)"
                       r"['\"’”]\s*[.:;,]?\s*(?P<ask>.*)$", re.IGNORECASE | re.DOTALL)
"""A trial's criterion quoted, then asked of this subject ("Eligibility criterion 2: 'Splenomegaly present on baseline
CT.' Does this subject meet it?")."""
MEETS_IT = re.compile(r"\b(meets?|meeting|satisf\w*|fulfil+s?|qualif\w*|eligible|pass\w*|appl(y|ies)|it|that|this criterion)\b",
                      re.IGNORECASE)
TRIAL_BASELINE = re.compile(r"\b(?:on|at|in)\s+(?:the\s+)?(?:trial\s+|study\s+)?baseline\s+(?:ct|scan|imaging|study|exam)\b",
                            re.IGNORECASE)
"""A trial's baseline scan is the study screened now: no earlier study is compared."""


def criterion_asked(text: str) -> str:
    """A trial's quoted criterion asked of this subject, as a question about this scan: "Eligibility criterion 2:
    'Splenomegaly present on baseline CT.' Does this subject meet it?" -> "Does this scan show Splenomegaly present on
    this CT?"; a
    question of its own after the criterion ("... Does the patient have a liver tumour?") is read alone; any other
    text unchanged."""
    match = CRITERION.match(text)
    if match is None:
        return text
    criterion, ask = match.group("criterion").strip().rstrip("."), match.group("ask").strip()
    if ask and not (MEETS_IT.search(ask) and not extract(ask).organs):
        return TRIAL_BASELINE.sub("on this CT", ask)
    return f"Does this scan show {TRIAL_BASELINE.sub('on this CT', criterion)}?"


FORMULA = re.compile(r"\b(?P<q>V|HU|D)\(\s*(?P<s>[\w ]+?)\s*\)")
"""A quantity written as a function of a structure ("V(kidney_left)"): the structure's volume, HU or diameter."""
FORMULA_WORDS = {"v": "volume", "hu": "mean HU", "d": "diameter"}


def spelled_formula(text: str) -> str:
    """A formula's terms in words: "V(kidney_left) + V(kidney_right)" -> "the kidney left volume plus the kidney right
    volume"."""
    out = FORMULA.sub(lambda m: f"the {m.group('s').replace('_', ' ')} {FORMULA_WORDS[m.group('q').lower()]}", text)
    return re.sub(r"\s\+\s", " plus ", out) if out != text else text


NEIGHBOUR_NAMED = re.compile(
    r"\b(?:the|an?)\s+(?:organ|structure|one|viscus)\s+(?:(?:right |just )?(?:next to|beside|adjacent to|above|below|"
    r"under|over|behind|in front of|near|lateral to|medial to|bordering)|neighbou?ring)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?"
    r"\s*(?:[-–—,(]|:)\s*(?:the\s+|i\.e\.,?\s+|namely\s+)?(?P<organ>[\w-]+(?:\s+[\w-]+)?)\s*(?:[-–—,)]|:)|"
    r"\bthe\s+[\w-]+(?:'s|’s)\s+neighbou?r,?\s+(?:the\s+)?(?P<organ2>[\w-]+(?:\s+[\w-]+)?)\s*(?:[-–—,:)]|$)",
    re.IGNORECASE)
"""An organ named through its neighbour ("the organ next to the left kidney - the spleen -", "the spleen's neighbour,
the left kidney:"): the organ in apposition is the one asked."""


TYPE_SUFFIX = re.compile(r"\b(PDAC|PNET)(?:[- ](?:type|like|pattern))?\s+(?:lesion|mass|tumou?r|neoplasm)\b|"
                         r"\b(?:lesion|mass|tumou?r) of (PDAC|PNET) (?:type|kind|pattern)\b", re.IGNORECASE)
"""A lesion kind named as the kind of a lesion ("Is a PDAC-type lesion present?", "a PNET lesion", "a lesion of PDAC
type"): that kind's presence, not which kind it is."""


def kind_named(text: str) -> str:
    """The text with a lesion kind named for itself ("a PDAC-type lesion", "a PNET lesion" -> "a PDAC", "a PNET")."""
    return TYPE_SUFFIX.sub(lambda m: m.group(1) or m.group(2), text)


def neighbour_named(text: str) -> str:
    """The text with an organ named through its neighbour replaced by that organ ("Is the organ next to the left kidney
    - the spleen - bigger than normal?" -> "Is the spleen bigger than normal?"); the text itself otherwise."""
    from questions.intents import extract

    def apposed(match: re.Match[str]) -> str:
        organ = match["organ"] or match["organ2"]
        return f"the {organ} " if extract(organ).organs else match.group(0)

    return NEIGHBOUR_NAMED.sub(apposed, text)


PROMPT_LABEL = re.compile(r"^\s*(?:task|instruction|prompt|query|request|q|question)\s*:\s*(?=\S)", re.IGNORECASE)
PROMPT_INPUT = re.compile(r"(?im)^\s*(?:input|context|image|data)\s*:[^\n]*$")
PROMPT_TRAILER = re.compile(r"(?:\n|(?<=[.?!]))\s*(?:a|answer|output|response|result)\s*:\s*$", re.IGNORECASE)
TELL_LEAD = re.compile(r"^\s*(?:please\s+)?(?:report|state|say|tell(?: me| us)?|give|provide|return|output|indicate|identify|"
                       r"name|determine|decide)\s+(?:(?P<embedded>whether|if|which|how|what)\b|(?P<object>the)\b(?!\s+(?:full|whole|"
                       r"complete|entire|findings|impression)\b))", re.IGNORECASE)
ANSWER_TAIL = re.compile(r"(?<=[.?!])\s+(?:please\s+|kindly\s+|just\s+)?(?:answer|reply|respond)(?:\s+only)?(?:\s+(?:with|in|using))?"
                         r"(?:\s+(?:a|one|single|just|only))?(?:\s+(?:yes|no|true|false|y|n)(?:\s*(?:or|/)\s*|\b)){1,3}\W*$",
                         re.IGNORECASE)
"""A closing sentence that says only how to answer ("Respond with yes or no."): its "or" offers no alternatives of the
finding ("a cystic lesion ... yes or no" read as a lesion of any kind)."""
"""An instruction-tuned prompt's scaffold ("Task: ...", "instruction: ... input: CT abdomen ... output:", "Q: ... A:")
and its opening verb ("report whether ...", "identify the region ..."): the question is what the verb asks for."""


def instruction_asked(text: str) -> str:
    """The question an instruction-style prompt asks: its labels and input line dropped, its opening verb read as the
    question it asks ("Task: report the subregion holding the largest lesion." -> "what is the subregion holding the
    largest lesion."; "instruction: report whether a PNET is present. input: CT abdomen. output:" -> "whether a PNET
    is present."). Other text unchanged."""
    labelled = PROMPT_LABEL.match(text) is not None or PROMPT_TRAILER.search(text) is not None
    if not labelled:
        return text
    stripped = PROMPT_TRAILER.sub("", PROMPT_INPUT.sub("", PROMPT_LABEL.sub("", text, count=1))).strip()
    if not stripped:
        return text  # "Answer:" alone over options: the options ask, no prompt to read
    text = stripped
    lead = TELL_LEAD.match(text)
    if lead is None:
        return text
    if lead.group("embedded"):
        return text[lead.start("embedded"):]
    return "what is " + text[lead.start("object"):]


def decision_asked(text: str) -> str:
    """The decision an analysis request asks, read as the question; any other text unchanged.

    Args:
        text: a cleaned question.

    Returns:
        "Compute the pancreas volume and report whether it is enlarged." -> "whether the pancreas is enlarged?";
        "Sum the lesion volumes per organ and report the organ with the highest total." -> "the organ with the highest
        total?";
        "Compute each liver lesion's volume and report whether one is an outlier." -> "liver lesion: whether one is
        an outlier?" (the method's organ and lesion kept for a decision that names neither); the text itself when it
        is no analysis request or its decision is only the computed value ("... and report the total").
    """
    text = spelled_formula(criterion_asked(instruction_asked(ANSWER_TAIL.sub("", STEP.sub("", text, count=1)))))
    text = OUTPUT_SPEC.sub("", text).strip() or text
    match = REQUEST.match(text)
    if match is None:
        return text
    work, decision = match.group("work"), YES_NO.sub("", match.group("decision")).strip()
    if OPTIONS_LABEL.match(decision):  # "compare the lesion's HU with the pancreas; label hypo/iso/hyper"
        labels = [w for w in re.split(r"\s*(?:/|,|\bor\b)\s*", decision) if w.strip()]
        return f"{work}: {', '.join(labels[:-1])} or {labels[-1]}?"
    if not decision and YES_NO.match(match.group("decision")):  # "assess pancreatic steatosis via ...; return yes/no"
        finding = re.match(r"(?:assess|evaluate|determine|check)\s+(?:for\s+)?(?!the\b|its\b|whether\b|if\b)(.+)", work,
                           re.IGNORECASE)
        if finding is None:
            return f"{work}, yes or no?"
        basis = re.match(r"(.+?)\s+(?:via|from|using|by|based on|with|on)\s+(the\s+.+)$", finding.group(1), re.IGNORECASE)
        return f"based on {basis.group(2)}, is there {basis.group(1)}?" if basis else f"is there {finding.group(1)}?"
    if not decision or RESULT_ONLY.match(decision) or not DECISION.match(match.group("decision")):
        return text  # "Measure the mass diameter and give the T stage": two things asked, each a part
    if PLACES.search(work) and not extract(decision).organs:  # "compare the lesion counts of the right and left
        return f"{work}: {decision}?"  # hemiliver; return the region with more": the places compared are the method's
    named = extract(decision)
    if re.search(r"\b(it|its|they|them)\b", decision, re.IGNORECASE):
        return resolve_pronouns(decision, work).rstrip(" ?") + "?"
    method = extract(work)
    if named.organs or not method.organs:
        return f"{decision}?"
    noun = LESION_NOUN.search(work) if not named.lesion_kinds else None
    lesion = f" {noun.group(0).lower()}" if noun else ""
    organs = " and ".join(dict.fromkeys(o.replace("_", " ") for o in method.structures or method.organs))
    return f"{organs}{lesion}: {decision}?"
