"""Every category the answer asserts, not only its first: further statements and the criteria beside the cited one.

Three kinds keep a right first category and add a wrong one:

- an impression against its own findings ("Findings: liver 1457.4 mL, within the 1000-1800 mL normal range.
  Impression: hepatomegaly.");
- a grade one step off where only presence is decided ("Yes — moderate splenomegaly." for a 423 mL spleen: the
  cited entry decides splenomegaly, the grading entry on the same volume says mild);
- a headline against its own rule line ("T1c. … 20.6 mm (20 < x ≤ 40 mm) -> T2"): T1c subdivides T1, which the
  deciding entry does not give.

A category counts where it is asserted: in a clause that denies nothing, quotes no rule line (`->`, a band's
signs, "by <entry>") and names no limit or range ("the normal range", "the splenomegaly threshold"). Each is
recomputed from the measured values by `knowledge.decide`, the reasoner's own definition.
"""

from __future__ import annotations

import re
from typing import Any

from agents.review_checks.base import RULE_STATED, ReviewInput
from agents.review_checks.character import RATIONALE
from agents.review_checks.clauses import clauses, denies
from agents.review_checks.label_qualifiers import qualified_as
from core.tasks import is_positive
from questions.intents import extract
from questions.intents.answers import labels_in
from questions.intents.labels import normalise_synonyms

REFERENCE = re.compile(r"\bnormal\s*[:=(]?\s*[-−]?\d+(?:\.\d+)?\s*(?:[-–]|to)\s*[-−]?\d|"  # "(105.2 mL; normal 130-260 mL)"
                       r"\b(limits?|ranges?|thresholds?|cut-?offs?|ceilings?|floors?|bands?|marks?|criteri(?:on|a)|definitions?|upper|lower|"
                       r"defined|defines?|would|needs?|needed|requires?|required|necessary|qualif(?:y|ies|ied|ying)|short of|"
                       r"too\s+[\w-]+\s+(?:to\s+be|for))\b",
                       re.IGNORECASE)
"""Words that make a label a reference point, not a statement ("within the normal range", "a solid mass would
measure above 34.8 HU", "a solid mass needs more than 34.8 HU", "short of the 3x needed for an outlier", "far too
dense to be a simple cyst")."""
WITHIN_NORMAL = re.compile(r"\b(?:is |are |lies |lie |falls |fall |sits |remains? |stays? )?within (?:the )?normal(?: [a-z]+)? "
                           r"(?:limits|range)\b(?!\s*(?:\(|of|:|for\s+(?:a|an|the)\b)?\s*[\d<>≤≥])", re.IGNORECASE)
"""A value said to be normal in so many words ("within normal limits", "within the normal range", "within normal size
limits"): a statement of the patient, not a reference point, unless the range itself follows ("within normal limits
(1000–1800 mL)")."""
ENLARGEMENT = ((re.compile(r"\bno (?:evidence of )?(?:hepato|nephro)megaly\b", re.IGNORECASE), "not enlarged"),
               (re.compile(r"\b(?:hepato|nephro)megaly\b", re.IGNORECASE), "enlarged"))
"""An organ's enlargement in one word, as the volume criteria label it ('enlarged')."""


BAND_BRACKET = r"\s*\(\s*(?:[<>≤≥]=?\s*)?[-−]?\d+(?:\.\d+)?(?:\s*(?:[-–]|to)\s*[-−]?\d+(?:\.\d+)?)?\s*(?:HU|mL|%|mm)?\s*\)"
"""A category's band in brackets after its name ("G0 (≥ 1.0)", "G1 (51–57)"): where two categories are so banded, a
table's reading of each input against one band, not the answer's category (which its headline states and
`rule_grounding` holds to the criterion)."""


def asserted_labels(review: ReviewInput, labels: list[str], entry: Any = None) -> list[str]:
    """The labels the answer asserts, in order, each once. For a criterion beside the cited ones (`entry`), a word
    inside a cited criterion's own label is that label's ("moderate" in "moderate to severe fatty liver"), and a
    clause about another organ speaks of that organ."""
    cited = sorted({lab for e in review.criterion_entries() if e.criterion and e.id != entry.id
                    for lab in e.criterion.labels if lab not in labels}, key=len, reverse=True) if entry is not None else []
    negative = [lab for lab in labels if denies(lab)]  # "no splenomegaly" is a label, not a denial of one
    stated: list[str] = []
    text = review.claim_text
    banded = [(band.group(0), found) for band in re.finditer(rf"((?:[\w-]+ ){{0,2}}[\w-]+){BAND_BRACKET}", text)
              if (found := labels_in(band.group(1), labels))]
    if len({found[0] for _, found in banded}) >= 2:  # "| liver HU | 54.0 | G1 (51–57) |" / "| L/S ratio | 1.08 | G0 (≥ 1.0) |":
        for words, _ in banded:  # each input read against its own band; one band alone ("an advanced burden (> 50 %)")
            text = text.replace(words, " ")  # is the answer's own category
    undecided = re.search(r"\bindetermina\w*", review.headline or "", re.IGNORECASE) is not None
    for clause in clauses(text):
        normal_said = WITHIN_NORMAL.search(clause) is not None  # "within normal limits": the value is normal
        clause = WITHIN_NORMAL.sub(" normal ", clause)
        clause = normalise_synonyms(clause)  # "the spleen itself is not enlarged": the label's own words, before a denial
        bare = clause
        for label in negative:
            bare = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", " ", bare, flags=re.IGNORECASE)
        if RATIONALE.search(clause) or REFERENCE.search(clause) or RULE_STATED.search(clause) or denies(bare) or (
                undecided and re.search(r"\b(?:could|may|might)\s+(?:also\s+)?be\b", clause, re.IGNORECASE)):
            continue  # "Indeterminate: it could be a hyperdense cyst or a solid mass": the kinds it may be
        for pattern, words in ENLARGEMENT:
            clause = pattern.sub(words, clause)
        if entry is not None:
            if entry.organs and set(extract(clause).organs) - set(entry.organs):
                continue
            for label in cited:
                clause = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", " ", clause, flags=re.IGNORECASE)
        found = labels_in(clause, labels)
        unsaid = [lab for lab in labels if not is_positive(lab, labels)]
        if normal_said and not found and len(unsaid) == 1:
            found = unsaid  # "pancreatic attenuation within normal limits": the criterion's one negative category
        stated += [lab for lab in found if lab not in stated]
    return stated


def _expected(review: ReviewInput, entry: Any) -> str | None:
    from agents.review_checks.rules import expected_label
    from knowledge import KnowledgeError

    try:
        return expected_label(review, entry)
    except KnowledgeError:
        return None


def general_form(review: ReviewInput, said: str, expected: str) -> bool:
    """A yes/no question answered with the general form of the label the criterion gives ("Yes, fatty liver" where
    it gives "moderate to severe fatty liver"): the finding asked, not a grade, and no grade said anywhere in the
    answer (true context beside it, "the liver measures 29.9 HU, below 40 HU", grades nothing)."""
    general = re.search(rf"(?<![\w-]){re.escape(said)}$", expected, re.IGNORECASE)
    if qualified_as(review.claim_text, said, expected):
        return True  # "fatty liver (moderate to severe: ...)" is the graded label, in any part of the answer
    if not review.intent.polar or general is None or general.start() == 0 or denies(expected[:general.start()]):
        return False  # "no fatty liver" is no general form of "fatty liver"
    if GRADING.search(review.claim_text):
        return False  # an answer that grades it anywhere ("Yes, fatty liver. It is mild.") is held to the grade itself
    grade = {w.lower() for w in re.findall(r"[\w-]+", expected[:general.start()])} - {"to", "or", "and"}
    if grade & {w.lower() for w in re.findall(r"[\w-]+", review.question or "")}:
        return False  # the grade is asked
    qualified = re.finditer(rf"(\w[\w-]*)\s+{re.escape(said)}(?![\w-])", review.claim_text, re.IGNORECASE)
    return not any(m.group(1).lower() not in PLAIN for m in qualified)  # "mild fatty liver" grades it


GRADING = re.compile(r"\b(?:mild|slight|minimal|moderate|marked|severe|gross|massive|early|advanced|grade)\w*",
                     re.IGNORECASE)
"""Words that grade a finding wherever they stand; the true context beside a general form ("below 40 HU") grades none."""
PLAIN = {"yes", "no", "a", "an", "the", "is", "are", "has", "have", "shows", "show", "with", "of", "there", "it",
         "and", "by", "as", "for", "means", "indicates", "consistent"}
"""Words that may stand before a label said in its general form without grading it ("Yes, there is fatty liver")."""


def named_by_option(review: ReviewInput, said: str, expected: str, labels: list[str]) -> bool:
    """Whether `said` is the chosen option's own words and that option names the expected category by its finding
    (`questions.intents.answers.names_finding`, the rule the reasoner picks by): "B — Fatty liver" where
    dtvqa-fatty-liver gives "moderate to severe fatty liver" and no option says that grade. Never another finding,
    grade or polarity."""
    from core.tasks import REGISTRY, is_positive
    from questions.intents.answers import names_finding, similarity

    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    if not option or re.search(rf"(?<![\w-]){re.escape(said)}(?![\w-])", option, re.IGNORECASE) is None:
        return False
    filler = {"to", "or", "and", "with", "a", "an", "the"}
    words = set(re.findall(r"[a-z0-9]+", expected.lower())) - filler
    if words and words == set(re.findall(r"[a-z0-9]+", option.lower())) - filler and not re.search(
            r"\b(no|not|non|without|absent|free|negative|excluded)\b", option, re.IGNORECASE):
        return True  # "Fatty liver - moderate to severe": the expected category, its grade written after the finding
    if any(similarity(expected, text) == 1.0 for text in (review.choices or {}).values()):
        return False  # an option says the category itself: that one is the answer
    spec = REGISTRY.get(review.intent.task)
    positive = spec.says_yes(expected, labels, review.intent.size_asked) if spec is not None else is_positive(expected, labels)
    return names_finding(option, expected, positive)


def further_categories(review: ReviewInput, deciding: Any, expected: str) -> str | None:
    """A category of the deciding entry asserted anywhere in the answer that the entry does not give."""
    wrong = [lab for lab in asserted_labels(review, deciding.criterion.labels)
             if lab != expected and not general_form(review, lab, expected)
             and not named_by_option(review, lab, expected, deciding.criterion.labels)]
    if wrong:
        return f"also states {wrong[0]!r}, but {deciding.id} gives {expected!r} for the measured values"
    return None


def beside(review: ReviewInput, deciding: Any) -> list[Any]:
    """The criteria that read a quantity the deciding one reads (a grade beside a presence, a T1 subdivision)."""
    from knowledge.lookup import is_range_check

    keys = set(deciding.criterion.quantity_keys)
    out = []
    for entry_id in review.base.ids:
        entry = review.base.get(entry_id)
        if entry.id == deciding.id or entry.criterion is None or is_range_check(entry):
            continue
        if keys & set(entry.criterion.quantity_keys):
            out.append(entry)
    return out


def bands_beside(review: ReviewInput) -> tuple[set[float], ...]:
    """The band limits of each criterion beside a cited one (a grade's "314.5-500 mL band" beside a presence)."""
    return tuple({float(v) for scale in other.criterion.quantities for band in scale.bands
                  for v in (band.lower, band.upper) if v is not None}
                 for entry in review.criterion_entries() if entry.criterion is not None
                 for other in beside(review, entry))


SEVERITY = r"(?:mild|moderate|severe|marked|minimal|grade\s*[0-3]|g[0-3])"


def _graded(review: ReviewInput, label: str, deciding: Any) -> bool:
    """Whether a presence label beside a grading criterion is said only with a grade of the deciding one before it
    ("Mild hepatic steatosis, grade G1"): the grade's own name ("G1 mild"), not a second claim of presence."""
    text = normalise_synonyms(review.claim_text)
    said = list(re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text, re.IGNORECASE))
    graded = [m for m in said if re.search(rf"\b{SEVERITY}\s+(?:[\w-]+\s+)?$", text[max(0, m.start() - 30):m.start()],
                                           re.IGNORECASE)]
    own = " ".join(deciding.criterion.labels).lower()
    return bool(said) and len(graded) == len(said) and any(w in own for w in ("mild", "moderate", "severe", "g1"))


def categories_beside(review: ReviewInput, deciding: Any, expected: str) -> str | None:
    """A category of a criterion beside the deciding one, asserted and recomputed: a grade one step off, or a
    subdivision of a category the deciding entry does not give."""
    own = set(deciding.criterion.labels)
    for entry in beside(review, deciding):
        stated = [lab for lab in asserted_labels(review, entry.criterion.labels, entry) if lab not in own
                  and not _graded(review, lab, deciding)]
        if not stated:
            continue
        wanted = _expected(review, entry)
        if wanted is None and entry.refines == deciding.id:
            return (f"states {stated[0]!r}, a subdivision by {entry.id}, but {deciding.id} gives {expected!r}, which "
                    "it does not subdivide")
        if wanted is not None and stated[0] != wanted:
            return f"states {stated[0]!r}, but {entry.id} gives {wanted!r} for the measured values"
    return None


__all__ = ["asserted_labels", "bands_beside", "beside", "categories_beside", "further_categories", "general_form"]


def registry_labels(review: ReviewInput) -> list[str]:
    """The labels of the criterion the task registry names for the task (`core.tasks`), from the knowledge base."""
    from core.tasks import REGISTRY

    spec = REGISTRY.get(review.intent.task)
    entry_id = spec.criterion(review.intent.organ or review.intent.lesion) if spec is not None else None
    entry = review.base.get(entry_id) if entry_id and entry_id in review.base else None
    return list(entry.criterion.labels) if entry is not None and entry.criterion is not None else []
