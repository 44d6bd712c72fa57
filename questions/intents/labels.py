"""Criterion labels as a text states them: the label's own words, its usual clinical forms, never denied.

A label is stated by its own words ("partial response (PR)"), by the phrase without its abbreviation
("partial response") or by the abbreviation alone in capitals ("PR"), by its adjective with a noun a
radiologist would put there ("solid tumor" -> "solid", "a solid mass"), a cyst as "cystic", and a graded fatty
liver as graded hepatic steatosis. A label the text denies ("not solid", "isn't enlarged") is not stated.
"""

from __future__ import annotations

import re

__all__ = ["label_pattern", "labels_in", "normalise_synonyms"]

LESION_NOUN = r"(?:\s+(?:tumou?rs?|mass(?:es)?|lesions?|neoplasms?|nodules?|components?))?"
"""The nouns an adjectival label may stand with ("solid tumor" said as "a solid mass")."""
ADJECTIVE_LABEL = re.compile(r"([a-z-]+) tumor")
"""A label that is an adjective and a generic noun: the adjective carries the category."""
NOUN_ADJECTIVE = {"cyst": "cystic"}
"""Labels that are nouns, and the adjective that states the same category."""
SYNONYMS = (
    (re.compile(r"\b(no|moderate to severe)\s+(?:hepatic |liver )?steatosis\b", re.IGNORECASE), r"\1 fatty liver"),
    (re.compile(r"\bmild(?:ly)?\s+(?:hepatic\s+|liver\s+)?(?:steatosis|fatty liver)\b", re.IGNORECASE), "mild fatty liver"),  # the
    # positive category short of moderate to severe
    (re.compile(r"\bliver (?:is |appears )?not fatty\b|\bnon-?fatty liver\b|\bliver (?:does not|doesn't) show (?:any )?"
                r"fatty (?:change|infiltration)\b|\bliver shows no fatty (?:change|infiltration)\b", re.IGNORECASE), "no fatty liver"),
    (re.compile(r"\bspleen (?:itself )?(?:is |appears |looks |seems |remains )?not enlarged\b|\bnon-?enlarged spleen\b|"
                r"\bnormal[- ]sized spleen\b|\bspleen (?:itself )?(?:is )?(?:of )?normal (?:in )?size\b", re.IGNORECASE),
     "no splenomegaly"),
    (re.compile(r"\benlarged spleen\b|\bspleen (?:itself )?(?:is |appears |looks |seems |remains )?enlarged\b", re.IGNORECASE),
     "splenomegaly"),
    (re.compile(r"\bsimple,? (?:[\w-]+ ){1,2}cyst\b|\b(?:fluid-filled|water-density|pure fluid) cyst\b", re.IGNORECASE),
     "simple cyst"),  # "a simple fluid-filled cyst", "a water-density cyst": the simple-cyst band's words
    (re.compile(r"\bnormal[- ](?:sized?|in size)\b", re.IGNORECASE), "normal"),  # "a normal-sized left kidney"
    (re.compile(r"\b(mild|moderate|severe)ly (?=enlarged\b|fatty\b)", re.IGNORECASE), r"\1 "),  # "moderately enlarged"
    (re.compile(r"\b(?:larger|bigger) than (?:normal|usual|expected)\b", re.IGNORECASE), "enlarged"),
    (re.compile(r"\b(hyper|hypo|iso)-?enhanc(?:ing|ement|es)\b", re.IGNORECASE), r"\1attenuating"),  # on a contrast CT a
    # lesion brighter than its organ enhances more: the attenuation category said in enhancement words
    (re.compile(r"(?<!borderline )\b(?:not|non-?)[\s-]*(?:surgically\s+)?resectable\b|\binoperable\b|"
                r"\bcan(?:not|'t| not)\s+be\s+(?:surgically\s+)?(?:removed|resected|operated on)\b", re.IGNORECASE),
     "unresectable"),  # "The mass is not resectable", "it cannot be removed with surgery right now"
    (re.compile(r"(^\s*|\b(?:counts as|represents|meets|qualifies as|consistent with|indicating|indicates|amounts to|"
                r"means|which is|classified as|categori[sz]ed as)\s+)(?:disease\s+)?progression\b(?!\s*[- ]?(?:free|of|rate))",
                re.IGNORECASE), r"\1progressive disease"),  # "which counts as progression": RECIST's PD
    (re.compile(r"\b(?:looks |appears |is )?(darker|brighter|lighter)(?=(?: (?:on|in) (?:the )?(?:scan|ct|images?|pictures?))? than (?:the )?(?:rest|surrounding|background|"
                r"normal|your|its|liver|kidney|pancreas|spleen|organ|parenchyma)\b)", re.IGNORECASE),
     lambda m: "hypoattenuating" if m.group(1).lower() == "darker" else "hyperattenuating"),
)
"""Clinical words for a label's words (a bare "steatosis" or "fatty" names no grade, so only graded or denied
forms; a lesion "darker than the rest of the liver", "darker on the scan than the pancreas" is a patient's
hypoattenuating), rewritten before labels are
looked for."""
DENIED = re.compile(r"\b(?:not|isn't|aren't|wasn't|never|nor)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
"""Words right before a label that deny it ("not solid", "is not an enlarged ...")."""
RULE_NAMED = re.compile(r"\s*(?:rules?|criterion|criteria|thresholds?|cut-?offs?|definitions?|limits?|requires?|needs?|"
                        r"would (?:need|require)|is defined (?:as|by)|(?:begins|starts) (?:at|below|above))\b")
"""Words right after a label that make it the name of a rule, not the category stated ("the 3x outlier rule",
"steatosis requires < 0.70")."""
MEETS = re.compile(r"\b(?:meet\w*|met|fulfil\w*|satisf\w*|reach\w*|exceed\w*|pass\w*|above|over|beyond)\b[^.;]*$")
"""Words before a named rule that say the rule is met ("meeting the 3x outlier rule" states the label)."""
GRADE_LABEL = re.compile(r"g([0-4])\s+([a-z]+)")
"""A grade label ("G3 severe"): its number is a grade, said as "grade 3" or "grade III" beside or without its word."""
ROMAN = ("0", "i", "ii", "iii", "iv")
ABBREVIATION = re.compile(r"^(.*\S)\s*\(([A-Z][A-Za-z0-9-]{0,5})\)$")


def normalise_synonyms(text: str) -> str:
    """The text with clinical synonyms of label words written as the labels write them."""
    for pattern, label_words in SYNONYMS:
        text = pattern.sub(label_words, text)
    return text


def label_pattern(label: str) -> tuple[str, str | None]:
    """(lower-case pattern of the label's forms, case-sensitive abbreviation or None)."""
    low = label.lower()
    forms = [re.escape(low).replace("tumor", "tumou?r")  # British spelling states the same label
             .replace(r"\ ", r"[\s-]+")]  # and hyphens joining its words ("moderate-to-severe fatty liver")
    abbreviation = None
    parts = ABBREVIATION.match(label)
    if parts:
        forms.append(re.escape(parts.group(1).lower()))
        abbreviation = parts.group(2)
    ranged = re.fullmatch(r"(\w+)[\s-]+to[\s-]+(\w+)\s+(.+)", low)
    if ranged:  # "moderate to severe fatty liver" said by one end of its range: "severe fatty liver"
        forms.append(rf"(?:{re.escape(ranged.group(1))}|{re.escape(ranged.group(2))})[\s-]+"
                     + re.escape(ranged.group(3)).replace(r"\ ", r"[\s-]+"))
    adjective = ADJECTIVE_LABEL.fullmatch(low)
    if adjective:
        forms.append(re.escape(adjective.group(1)) + LESION_NOUN)
    if low in NOUN_ADJECTIVE:
        forms.append(re.escape(NOUN_ADJECTIVE[low]))
    graded = GRADE_LABEL.fullmatch(low)
    if graded:  # "G3 severe" said as "grade 3 (severe)", "severe (grade III)", "G3"
        number = graded.group(1) if graded.group(1) == "0" else f"(?:{graded.group(1)}|{ROMAN[int(graded.group(1))]})"
        word = re.escape(graded.group(2))
        forms += [rf"grade\s+{number}(?:\s*\(\s*{word}\s*\)|\s+{word})?", rf"{word}\s*\(\s*(?:grade\s+|g){number}\s*\)",
                  rf"g{graded.group(1)}(?:\s*\(\s*{word}\s*\))?"]
    return "|".join(forms), abbreviation


LIMIT_OF_NORMAL = re.compile(r"\b(?:(?:upper|lower)\s+(?:(?:limit|bound|end)\s+of\s+(?:the\s+)?normal(?:\s+range)?|normal(?:\s+limit)?)|"
                             r"normal\s+(?:maxim\w*|minim\w*|max|min|upper\s+limit|lower\s+limit|ceiling|cut-?off)|"
                             r"(?:maxim\w*|minim\w*)\s+normal|than\s+(?:the\s+|a\s+)?normal|"
                             r"normal\s+(?:is|being|would\s+be)\s+(?:under|below|up\s+to|less\s+than|at\s+most))\b",
                             re.IGNORECASE)
"""A cut-off's name ("exceeds the 314.5 mL upper limit of normal") or normal as the reference of a comparison ("much
bigger than normal", "when normal is under 314.5 mL"), which states no category of the patient."""


REQUIRED_FOR = re.compile(r"\b(?:needed|required|necessary)\s+(?:for|to\s+(?:call\s+it|make\s+it|be|qualify\s+as))\s+"
                          r"(?:an?\s+|the\s+)?$")
"""Words before a label that make it what a limit would take, not a category said ("the 3x needed for an outlier")."""


def labels_in(text: str, labels: list[str]) -> list[str]:
    """Criterion labels the text states, in order, a longer label hiding the shorter inside it; a label the
    text denies ("not solid") is not stated."""
    spans: list[tuple[int, int, str]] = []
    plain = LIMIT_OF_NORMAL.sub(lambda m: " " * len(m.group(0)), normalise_synonyms(text))
    low = plain.lower()
    for label in sorted(labels, key=len, reverse=True):
        pattern, abbreviation = label_pattern(label)
        matches = list(re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", low))
        matches += inverted(label, labels, low)
        if abbreviation:
            matches += list(re.finditer(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])", plain))
        for match in sorted(matches, key=lambda m: (m.start(), -m.end())):
            if DENIED.search(low[max(0, match.start() - 24):match.start()]) or \
                    REQUIRED_FOR.search(low[max(0, match.start() - 40):match.start()]):
                continue  # "not solid"; "short of the 3x needed for an outlier" names what it would take
            if RULE_NAMED.match(low, match.end()) and not MEETS.search(low[max(0, match.start() - 32):match.start()]):
                continue  # "under the 3x outlier rule" names the rule, "meeting the outlier rule" states the label
            if not any(s <= match.start() < e or s < match.end() <= e for s, e, _ in spans):
                spans.append((match.start(), match.end(), label))
    return [label for _, _, label in sorted(spans)]


def inverted(label: str, labels: list[str], low: str) -> list[re.Match[str]]:
    """Where `label` ("moderate to severe fatty liver") is written head first, an option's style: "fatty liver,
    moderate to severe" / "fatty liver: moderate to severe" — its modifier after another label that ends it."""
    out: list[re.Match[str]] = []
    for head in labels:
        if head != label and label.lower().endswith(" " + head.lower()):
            modifier = label[:-len(head)].strip().lower()
            out += re.finditer(rf"(?<![\w-]){re.escape(head.lower())}\s*[,:;(–—-]\s*{re.escape(modifier)}(?![\w-])", low)
    return out


def grouped_labels(text: str, labels: list[str]) -> list[str]:
    """The labels a parent category in the text stands for ("a T1 renal tumour" -> T1a, T1b) when the text names
    no label itself; [] otherwise. A parent is a word with a number that two or more labels extend by letters."""
    if labels_in(text, labels):
        return []
    low = {label.lower(): label for label in labels}
    for word in dict.fromkeys(re.findall(r"(?<![\w-])([a-z]+\d+)(?![\w-])", text.lower())):
        group = [label for lab, label in low.items() if lab.startswith(word) and lab[len(word):].isalpha()]
        if len(group) >= 2 and word not in low:
            return group
    return []
