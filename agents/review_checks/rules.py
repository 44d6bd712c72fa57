"""Rule grounding: the category (or yes/no) stated equals the cited criterion applied to the measurements.

The reviewer recomputes the label itself, from the knowledge entry and the measured values,
independently of how the reasoner wrote its answer.
"""

from __future__ import annotations

import re
from typing import Any

from agents.reasoners.pancreas import T4_OPEN, arteries_involved, t4_not_excluded
from agents.review_checks.asked_kinds import kind_absent, none_there
from agents.review_checks.base import ReviewInput, failed, passed
from agents.review_checks.categories import (
    ENLARGEMENT,
    categories_beside,
    further_categories,
    general_form,
    named_by_option,
)
from agents.review_checks.cutoffs import asked_cutoff
from agents.review_checks.held_places import one_lesion_places
from agents.review_checks.impression import contradictions
from agents.review_checks.nearest import subsegment_grounding
from agents.review_checks.pancreas import pancreatic_type, vessel_contact_grounding
from agents.review_checks.part_yes_no import part_yes_no
from agents.review_checks.places import LESION_DENIED_LEAD, comparison_grounding, place_grounding
from agents.review_checks.polarity import answers, claims_finding
from agents.review_checks.quoted_directions import misdirected_limits
from agents.review_checks.quoted_limits import misquoted_limits
from agents.review_checks.reasons import applied_labels, reasons_contradicted
from agents.review_checks.stated import stated_adjacency, stated_metastases, stated_threshold, stated_vessel_contact
from agents.review_checks.typed_kinds import named_kind_of_other_mask
from agents.review_checks.value_categories import categories_of_value
from core.anatomy import family as organ_family
from core.anatomy import instance_of, side_of
from core.case import Check
from core.tasks import REGISTRY, is_positive, tasks_where, value_key
from questions.basis import VESSEL_CONTACT
from questions.intents.answers import labels_in, similarity
from questions.intents.labels import normalise_synonyms
from questions.longitudinal import change_says_yes

LESION_TYPE_TASKS = tasks_where(handler="kidney_lesion_type_existence")
PANCREATIC_TYPE_TASKS = tasks_where(handler="pancreatic_type_existence") | tasks_where(handler="pdac_vs_pnet")
LESION_EXISTENCE = tasks_where(handler="lesion_existence")
PLACE_TASKS = tasks_where(handler="location")
COMPARISON_TASKS = frozenset().union(*(tasks_where(handler=h) for h in (
    "kidney_comparison", "kidney_asymmetry", "burden_comparison", "segment_comparison")))
"""Tasks the reviewer recomputes its own way, grouped by the reasoner handler the registry names."""


def _form(task: str) -> str | None:
    spec = REGISTRY.get(task)
    return spec.form if spec is not None else None


POSSIBLE = re.compile(r"\b(?:could|may|might|can)\s+(?:also\s+)?be\b[^.;\n]*", re.IGNORECASE)
THRESHOLD_OF = re.compile(r"\b(thresholds?|cut-?offs?|criteri(on|a)|limits?|definition) (for|of) (an? |the )?[\w-]+( [\w-]+)?|"
                          r"(?<!within the )(?<!within )(?<!inside the )(?<!in the )\bnormal\s+(?:reference\s+)?(?:range|limits?|"
                          r"interval|band)\b|"  # "below the 130-260 mL normal range" ("within the normal range" claims it)
                          r"(?<!within the )(?<!within )(?<!inside the )(?<!in the )\bnormal\s*[:=(]?\s*[-−]?\d+(?:\.\d+)?\s*"
                          r"(?:[-–]|to)\s*[-−]?\d",  # "(105.2 mL; normal 130-260 mL)"
                          re.IGNORECASE)
def _values(review: ReviewInput) -> dict[str, float]:
    return {k: float(e.value) for k, e in review.by_key.items()
            if isinstance(e.value, int | float) and not isinstance(e.value, bool)}


def expected_label(review: ReviewInput, entry: Any) -> str:
    """The label the criterion gives the measured values, by the reasoner's own definition (`knowledge.decide`)."""
    from knowledge import KnowledgeError
    from knowledge.bounds import bounded_label
    from knowledge.needs import decide

    try:
        return decide(entry, _values(review), review.intent.organ, review.intent.lesion)
    except KnowledgeError:  # an organ cut by the scan's edge: its lower bound may already decide (`knowledge.bounds`)
        label = bounded_label(entry, _values(review), review.intent.organ, review.intent.lesion)
        if label is None:
            raise
        return label


def registry_entry_id(review: ReviewInput) -> str | None:
    """The task registry's deciding entry for the question's organ (the kidney table for a kidney T stage)."""
    spec = REGISTRY.get(review.intent.task)
    return spec.criterion(review.intent.organ or review.intent.lesion) if spec is not None else None


def _deciding_entry(review: ReviewInput) -> Any | None:
    """The entry that decides the task, as the reasoner picks it: the registry's for the organ, if cited."""
    task = review.intent.task
    entries = [e for e in review.criterion_entries() if e.criterion is not None]
    wanted = registry_entry_id(review)
    named = [e for e in entries if e.id == wanted]
    answer = review.answer
    if not named and answer is not None and answer.criterion_id:
        named = [e for e in entries if e.id == answer.criterion_id]
    if named:
        return named[0]
    serving = [e for e in entries if task.lower() in (s.lower() for s in e.question_subtypes)]
    return serving[0] if serving else None


def denied_lesion(review: ReviewInput) -> str | None:
    """An answer that says the lesion asked about does not exist ("No pancreatic lesion - resectability does not
    apply") where its group's measured count is above zero; None otherwise. Whether a lesion exists, asked, is the
    polarity's to judge."""
    group, task = review.intent.lesion, review.intent.task
    spec = REGISTRY.get(task)
    if not group or task.endswith("existence") or review.intent.polar or spec is None or spec.form != "category":
        return None  # "None — zero lesions in segment II": a count (of a part) is the numbers' to judge
    count = review.number(f"{group}.lesion_count")
    if count is None or count <= 0 or not LESION_DENIED_LEAD.match(review.headline):
        return None
    return f"says there is no lesion, but {count:g} {group.replace('_', ' ')}(s) are measured"


def rule_grounding(review: ReviewInput) -> Check:
    """The stated category equals the criterion recomputed on the measured values."""
    from knowledge import KnowledgeError

    name = "rule_grounding"
    answer = review.answer
    assert answer is not None
    if answer.criterion_id and answer.criterion_id not in review.base:
        return failed(name, f"cites criterion {answer.criterion_id!r}, which the knowledge base does not hold", "knowledge")
    wanted = registry_entry_id(review)
    if (answer.criterion_id and wanted and answer.criterion_id != wanted and wanted in review.base
            and review.intent.organ and answer.criterion_id in review.base):
        applied = review.base.get(answer.criterion_id)
        organ = organ_family(review.intent.organ)
        if applied.organs and organ not in applied.organs:
            return failed(name, f"applies {answer.criterion_id!r}, a criterion for the {'/'.join(applied.organs)}, but "
                                f"the {organ} is decided by {wanted!r}", "reasoner", [wanted])
    if value_key(review.intent, review.choice_set.form if review.choice_set is not None else None) is not None:
        beside = categories_of_value(review)  # "659.9 mL, normal spleen size": a category said beside the value
        if beside is not None:
            return failed(name, beside, "reasoner")
        return passed(name, f"{review.intent.task!r} asked as a number: no category stated, the value is checked "
                            "by numeric_grounding and answer_kind")
    option = (review.choices or {}).get(answer.choice or "") if answer.choice else None
    if option and none_there(review, option):
        return passed(name, f"{option!r}: a cited lesion count of 0, nothing for a criterion to assess")
    if (absent_kind := kind_absent(review)) is not None:
        return passed(name, f"{option!r}: {absent_kind}")
    if (by_stated_rule := stated_threshold(review) or stated_metastases(review) or stated_vessel_contact(review) or
                         stated_adjacency(review)) is not None:
        return by_stated_rule  # the question's own cut-off or contact rule decides
    contradicted = reasons_contradicted(review)
    if contradicted is not None:
        return contradicted
    if (denied := denied_lesion(review)) is not None:
        return failed(name, denied, "reasoner")
    cited = [e for e in review.evidence if review.answer is not None and e.id in review.answer.evidence_ids]
    if (other_kind := named_kind_of_other_mask(review, cited)) is not None:  # "kidney solid tumor count 1" of cysts
        return failed(name, other_kind, "reasoner", [e.id for e in cited])
    if review.intent.task in PANCREATIC_TYPE_TASKS:
        return pancreatic_type(review)
    if review.intent.basis == VESSEL_CONTACT:
        return vessel_contact_grounding(review)
    if review.intent.task in LESION_TYPE_TASKS:
        return _kidney_lesion_type(review)
    if review.intent.task == "lesion type classification" and review.intent.lesion not in (None, "kidney_lesion"):
        return _largest_lesion_kind(review)
    if review.intent.task in PLACE_TASKS:
        return place_grounding(review)
    if review.intent.task == "inter-segment comparison" and not review.intent.lesion_burden:
        return subsegment_grounding(review)  # the sub-segments' own volumes
    if review.intent.task in COMPARISON_TASKS and (spread := one_lesion_places(review)) is not None:
        return failed(name, spread, "reasoner")  # "Which parts does the (one) lesion involve?": where it lies
    if review.intent.task in COMPARISON_TASKS:
        return comparison_grounding(review)
    if review.intent.task == "knowledge question":
        return _quotes(review)
    if review.intent.task == "report":
        contradicted = contradictions(review)
        if contradicted:
            return failed(name, "; ".join(contradicted), "reasoner")
        return passed(name, "every category the work-up states is its cited criterion's")
    entry = _deciding_entry(review)
    if entry is None and review.intent.task in LESION_EXISTENCE:
        return _lesion_count_existence(review)
    if entry is None:  # a cited criterion of a further part of the question, naming the category stated
        asked = {review.intent.task, *review.intent.parts}
        deciding = {entry_id for t in asked if t in REGISTRY for _, entry_id in REGISTRY[t].criteria}
        entry = next((e for e in review.criterion_entries() if e.criterion and labels_in(review.claim_text, e.criterion.labels)
                      and (e.id in deciding or asked & set(e.question_subtypes))), None)
    if entry is None and (measured := _measured_category(review)) is not None:
        return measured
    if entry is None:
        stated = [lab for e in review.criterion_entries(cited_only=False) if e.criterion
                  for lab in labels_in(review.claim_text, e.criterion.labels)]
        if stated and _form(review.intent.task) in ("yes_no", "category"):
            return failed(name, f"states {stated[0]!r} without citing the criterion that decides it", "reasoner")
        beside = categories_of_value(review)
        return failed(name, beside, "reasoner") if beside else passed(name, "the answer states no criterion category")
    try:
        expected = expected_label(review, entry)
    except KnowledgeError as err:
        return failed(name, f"cannot recompute {entry.id!r}: {err}", "measurement")
    labels = entry.criterion.labels
    if arteries_involved(entry.id, review.by_key, review.intent.lesion, review.intent)[0]:
        expected, labels = "T4", [*labels, "T4"]  # arterial involvement, whatever the size (the reasoner's rule)
    elif t4_not_excluded(entry.id, review.by_key, review.evidence, review.intent.lesion, review.intent) is not None:
        return failed(name, f"gives a T category by size, but {T4_OPEN}", "segmentation", [entry.id])
    verdict = _compare(review, entry.id, expected, labels)
    if not verdict.passed:
        return verdict
    further = further_categories(review, entry, expected) or categories_beside(review, entry, expected)
    return failed(name, further, "reasoner", [entry.id]) if further else verdict


def _measured_category(review: ReviewInput) -> Check | None:
    """Without a cited criterion: the category stated against a cited measurement that is itself a category
    of the task's deciding entry (`largest_lesion_attenuation = hypo`); None when nothing such is cited."""
    entry_id = registry_entry_id(review)
    if entry_id is None or entry_id not in review.base or review.base.get(entry_id).criterion is None:
        return None
    labels = review.base.get(entry_id).criterion.labels
    stated = labels_in(review.headline, labels)
    for item in review.cited:
        if item.kind != "measurement" or not isinstance(item.value, str):
            continue
        measured = [lab for lab in labels if similarity(item.value, lab) == 1.0]
        if measured and stated and stated[0] != measured[0]:
            return failed("rule_grounding", f"states {stated[0]!r}, but {item.id!r} is {item.value!r} "
                                            f"({measured[0]})", "reasoner", [item.id])
        if measured and stated:
            return passed("rule_grounding", f"{item.id!r} is {measured[0]!r}, as stated", [item.id])
    return None


def _only_option_naming(review: ReviewInput, expected: str, labels: list[str]) -> str | None:
    """The letter of the one option that names the expected label and no other ("A: Cyst" for 'cyst'); None when no
    option or several do ("B — Tumor" chosen for a cyst: the option naming the label decided is another)."""
    naming = [letter for letter, text in (review.choices or {}).items() if labels_in(text, labels) == [expected]]
    return naming[0] if len(naming) == 1 else None


CLOSING = re.compile(r"(?:^|[.;\n]\s*)(impression|conclusion|summary|in summary|overall|bottom line|verdict|final(?: "
                     r"(?:answer|grade|category|verdict|call))?)\s*[:—–-]",
                     re.IGNORECASE)
"""A closing sentence that sums the answer up: its category is the answer's verdict as much as the headline's."""


def _compare(review: ReviewInput, entry_id: str, expected: str, labels: list[str]) -> Check:
    name = "rule_grounding"
    text = review.claim_text
    claimed, head = THRESHOLD_OF.sub(" ", text), THRESHOLD_OF.sub(" ", review.headline)  # "the threshold for ..."
    claimed, head = normalise_synonyms(claimed), normalise_synonyms(head)  # "not resectable" is 'unresectable'
    if re.search(r"\bindetermina\w*", head, re.IGNORECASE):  # "Indeterminate: it could be a hyperdense cyst or a solid
        claimed = POSSIBLE.sub(" ", claimed)  # mass": the kinds it may be, what the category means, none claimed
    for pattern, words in ENLARGEMENT:  # "hepatomegaly" is the volume criteria's 'enlarged'
        claimed, head = pattern.sub(words, claimed), pattern.sub(words, head)
    said_whole = claimed
    for label in labels:  # nor does "it is not hypoattenuating", nor "above the normal range"
        denied = (rf"\b(?:not|isn't|never|{BEYOND})\s+(?:the\s+)?(?:upper\s+|lower\s+)?(?:limits?\s+of\s+)?{re.escape(label)}\b"
                  rf"|\b(?:does|do)\s*(?:not|n't)\s+(?:favou?r|suggest|indicate|support|fit|meet)\s+(?:an?\s+|the\s+)?"
                  rf"{re.escape(label)}\b|[\"']?\w*{re.escape(label.replace(' ', '_'))}\w*[\"']?\s*:\s*false\b"
                  rf"|[\"']?\w*{re.escape(label.split()[-1])}\w*[\"']?\s*:\s*false\b"
                  rf"|\b(?:[\w-]+\s+)?{re.escape(label.split()[-1])}\w*\s*:\s*(?:no|false|absent)\b(?=\s*(?:[.;,)\n]|$))"
                  rf"|\bno\s+(?:signs?|evidence|features?|indication|suggestion|hint)\s+of\s+(?:an?\s+|the\s+)?{re.escape(label)}\b")  # "does not favour a
        # pseudocyst"; a JSON field {"pancreatic_steatosis": false}; "No sign of a fatty liver"
        if re.search(denied, said_whole, flags=re.IGNORECASE) and re.fullmatch(rf"\W*{re.escape(label)}\W*", head, re.IGNORECASE):
            head = " "  # "pancreatic steatosis: no; ...": the headline cut at its colon is the field's name, denied
        claimed = re.sub(denied, " ", claimed, flags=re.IGNORECASE)
        head = re.sub(denied, " ", head, flags=re.IGNORECASE)
    headline_says = labels_in(head, labels) or _parents_stated(review, entry_id, head, labels)
    stated = [*headline_says, *(lab for lab in labels_in(claimed, labels) or _parents_stated(review, entry_id, claimed, labels)
                                if lab not in headline_says)]
    said_yes = claims_finding(review, text)
    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    if option and not stated and said_yes is None:  # "A. Yes — the spleen is enlarged": the option chosen is the claim
        stated, said_yes = labels_in(option, labels), claims_finding(review, option)
    if said_yes is not None and stated:  # "No liver lesions are present": the leading no decides, not 'present'
        spec_ = REGISTRY.get(review.intent.task)
        small = review.intent.size_asked
        agree = [lab for lab in stated if (spec_.says_yes(lab, labels, small) if spec_ else is_positive(lab, labels))
                 == said_yes]
        # a label against the leading yes/no of a yes/no task is a word of the negated sentence ("No liver
        # lesions are present"), not a claim: the yes/no itself is checked below
        stated = agree if agree or _form(review.intent.task) == "yes_no" else stated
    problems = []
    if stated and stated[0] != expected and not general_form(review, stated[0], expected) \
            and not named_by_option(review, stated[0], expected, labels):
        problems.append(f"states {stated[0]!r}, but {entry_id} gives {expected!r} for the measured values")
    problems += [f"its reasons say {said!r} by {entry_id}, but {entry_id} gives {expected!r} for the measured values"
                 for said in applied_labels(text, entry_id, labels, head) if said != expected][:1]
    closing = CLOSING.search(claimed)  # "... no steatosis by attenuation. Impression: mild hepatic steatosis."
    problems += [f"its {closing.group(1).lower()} says {said!r}, but {entry_id} gives {expected!r} for the measured values"
                 for said in (labels_in(claimed[closing.end():], labels) if closing else [])[:1]
                 if said != expected and not general_form(review, said, expected)
                 and not named_by_option(review, said, expected, labels)]
    spec_options = dict(REGISTRY[review.intent.task].options) if review.intent.task in REGISTRY else {}
    chosen = next((label for label, words in spec_options.items() if option and
                   re.fullmatch(rf"\s*{re.escape(words)}\s*\.?\s*", option, re.IGNORECASE)), None)
    if chosen is not None and chosen != expected and expected in spec_options:  # "D — T4" for a T2 lesion: T4 is
        problems.append(f"chooses {option!r}, but {entry_id} gives {expected!r} for the measured values")  # no label
    elif option and not problems and (other := _only_option_naming(review, expected, labels)) is not None and \
            other != review.answer.choice and not labels_in(option, labels):  # type: ignore[union-attr]
        problems.append(f"chooses {option!r}, but {entry_id} gives {expected!r}, which option {other!r} names")
    spec = REGISTRY.get(review.intent.task)
    polar = review.intent.polar or (review.choice_set is not None and review.choice_set.form == "yes_no")
    says_yes = spec.says_yes(expected, labels, review.intent.size_asked) if spec is not None else is_positive(
        expected, labels)
    if review.intent.polar and _form(review.intent.task) == "category" and spec is not None and spec.yes_labels:
        says_yes = expected in spec.yes_labels
        if said_yes is not None and said_yes != says_yes:
            problems.append(f"{answers(review, said_yes)}, but {entry_id} gives {expected!r}")
    elif polar and "unchanged" in labels and said_yes is not None and said_yes != change_says_yes(
            expected, review.intent.comparison):
        problems.append(f"{answers(review, said_yes)} to whether it changed, but {entry_id} gives {expected!r}")
    elif _form(review.intent.task) == "yes_no" and said_yes is not None and said_yes != says_yes:
        problems.append(f"{answers(review, said_yes)}, but {entry_id} gives {expected!r}")
    elif _form(review.intent.task) != "yes_no" and review.intent.polar and said_yes is not None and \
            len(asked := labels_in(review.question or "", labels)) == 1:
        if said_yes != (expected == asked[0]):  # "Is the lesion hypoattenuating?" asks whether that one label holds
            problems.append(f"{answers(review, said_yes)} to whether it is {asked[0]!r}, but {entry_id} gives "
                            f"{expected!r}")
    if not stated and said_yes is None and review.intent.parts:  # "988 mL (liver volume). No. ...": a further part's
        said_yes, wrong = part_yes_no(review, entry_id, expected, labels)
        problems += wrong
    if not stated and said_yes is None and not review.answer.choice:  # type: ignore[union-attr]
        problems.append(f"states neither a category of {entry_id} nor yes/no")
    if problems:
        return failed(name, "; ".join(problems), "reasoner", [entry_id])
    return passed(name, f"{entry_id} applied to the measurements gives {expected!r}, as stated", [entry_id])


BEYOND = r"above|below|outside|beyond|over|under|exceed(?:s|ing)?"
"""Words that hold a value against a label's range rather than give it ("above the normal range")."""


def _parents_stated(review: ReviewInput, entry_id: str, text: str, labels: list[str]) -> list[str]:
    """The deciding entry's labels a cited subdivision of it stands for ("T1b" stands for T1 where the T1
    sub-categories refine the T stage): the parent a stated sub-category extends; [] when none is stated."""
    parents = []
    for entry in review.criterion_entries():
        if entry.refines != entry_id or entry.criterion is None:
            continue
        for sub in labels_in(text, entry.criterion.labels):
            parents += [lab for lab in labels if sub.lower().startswith(lab.lower()) and lab not in parents]
    return parents


def _kidney_lesion_type(review: ReviewInput) -> Check:
    """A kidney cyst (tumour) exists iff some kidney lesion's attenuation classifies as one."""
    from knowledge import KnowledgeError

    name = "rule_grounding"
    want = "cyst" if "cyst" in review.intent.task else "solid tumor"
    said = claims_finding(review)
    mask = "kidney_cyst" if want == "cyst" else "kidney_tumor"
    typed = review.number(f"{mask}.lesion_count")
    count = review.number("kidney_lesion.lesion_count")
    side = review.intent.organ if review.intent.organ in ("kidney_left", "kidney_right") else None
    if side is not None and typed is not None:  # "Does the left kidney contain a cyst?": that side's, derived again
        from agents.reasoners.derive import kind_count_in

        measured = {f"{e.target}.{e.name}": e for e in review.evidence if e.target and e.kind in ("measurement", "finding")}
        sided = measured.get(f"{mask}.count_in_{side}")  # measured so (the harness's boxes), or derived again from
        if sided is None or sided.kind != "measurement":  # the lesions as measured, not a view of one
            sided = kind_count_in(measured, f"{mask}.count_in_{side}")
        if sided is None:
            return failed(name, f"which kidney each {mask.replace('_', ' ')} lies in is not measured", "measurement")
        typed = float(sided.value)  # type: ignore[arg-type]
    if typed is not None:
        expected: bool | None = typed > 0
    elif count == 0:
        expected = False
    else:
        entries = [e for e in review.criterion_entries() if e.criterion and {"cyst", "solid tumor"} <= set(e.criterion.labels)]
        if not entries:
            return failed(name, f"decides a kidney {want} without citing a cyst-versus-solid criterion", "reasoner")
        key = entries[0].criterion.quantity_keys[0]
        hus = [float(e.value) for e in review.evidence if re.fullmatch(r"kidney_lesion_\d+", e.target or "")
               and e.name == "mean_hu" and isinstance(e.value, int | float)]
        if not hus and review.number("kidney_lesion.largest_lesion_mean_hu") is not None:
            hus = [review.number("kidney_lesion.largest_lesion_mean_hu")]  # type: ignore[list-item]
        try:
            labels = [entries[0].classify({key: hu}).label for hu in hus]
        except KnowledgeError as err:
            return failed(name, f"cannot recompute {entries[0].id!r}: {err}", "measurement")
        expected = want in labels if (want in labels or len(hus) == count) else None
    if expected is not None and said is not None and said != expected:
        return failed(name, f"{answers(review, said)}, but the measured kidney lesions give "
                            f"{'a' if expected else 'no'} {want}", "reasoner")
    return passed(name, f"kidney {want}: {'yes' if expected else 'no' if expected is False else 'undecided'}, as stated")


def _quotes(review: ReviewInput) -> Check:
    """A knowledge answer quotes the cited criteria: every quantity it writes reads its cited bands."""
    name = "rule_grounding"
    scales: dict[str, set[str]] = {}
    for entry in review.criterion_entries():
        for scale in entry.criterion.quantities if entry.criterion else []:
            scales.setdefault(scale.quantity, set()).add(scale.describe())
    problems = []
    for match in re.finditer(r"(?<![\w/])([a-z][a-z0-9_/]*\.[a-z][a-z0-9_]*):\s*([^\[|]*?)(?=\s*(?:\[|\||$|;\s*[a-z_/]+\.[a-z_]+:))",
                             review.claim_text):
        key, bands = match.group(1), match.group(2).strip()
        if key not in scales:
            problems.append(f"quotes {key!r}, which no cited criterion reads")
        elif bands and bands not in scales[key]:
            problems.append(f"quotes {key!r} as {bands!r}, but the cited bands are {sorted(scales[key])!r}")
    titles = [e.title for e in review.criterion_entries()]
    for sentence in re.split(r"\.\s|:\s|\n|\|", review.claim_text):
        sentence = sentence.strip(" .")
        if sentence in titles:  # a cited title quoted whole, however like another cited title it reads
            continue
        near = [t for t in titles if sentence and similarity(sentence, t) >= 0.8]
        if near:
            problems.append(f"misquotes the cited title {near[0]!r} as {sentence!r}")
    problems += misquoted_limits(review, review.claim_text)
    problems += misdirected_limits(review, review.claim_text)
    if problems:
        return failed(name, "; ".join(problems), "reasoner")
    cutoff = asked_cutoff(review)
    if cutoff is not None and not cutoff.passed:
        return cutoff
    return passed(name, "quotes of the cited criteria are faithful")


def _lesion_count_existence(review: ReviewInput) -> Check:
    """Without a cited criterion, a lesion exists exactly when its group counts one or more."""
    name = "rule_grounding"
    count = review.number(f"{review.intent.lesion}.lesion_count")
    organ = review.intent.organ or ""
    if side_of(organ) is not None:  # a sided question: that kidney's own lesions, or nothing to judge by
        count = review.number(f"{review.intent.lesion}.volume_in_{organ}")
        hosts = [e.value for e in review.evidence if e.name == "organ" and instance_of(e.target)
                 and instance_of(e.target)[0] == review.intent.lesion]  # type: ignore[index]
        total = review.number(f"{review.intent.lesion}.lesion_count")
        if count is None and total is not None and len(hosts) == int(total):
            count = float(sum(h == organ for h in hosts))
    said = claims_finding(review)
    if count is None or said is None:
        return passed(name, "no lesion count or no yes/no to compare")
    if said != (count > 0):
        return failed(name, f"{answers(review, said)}, but {review.intent.lesion} counts {count:g}", "reasoner")
    return passed(name, f"{review.intent.lesion} counts {count:g}, as stated")


def _largest_lesion_kind(review: ReviewInput) -> Check:
    """Cyst or solid, the group's largest lesion, read again the reasoner's way
    (`agents.reasoners.typed_lesions.largest_lesion_kind`: the mask it came from, else the cited content criterion),
    against the kind the chosen option or the headline names."""
    from agents.reasoners.base import InsufficientEvidence
    from agents.reasoners.typed_lesions import largest_lesion_kind, names_kind

    name = "rule_grounding"
    try:
        label, how, ids = largest_lesion_kind(review.intent, review.by_key,
                                              {e.id: e for e in review.criterion_entries(cited_only=False)}, review.choices)
    except InsufficientEvidence as err:
        return failed(name, f"the largest lesion's kind is not decided: {err.reason}", err.agent)  # type: ignore[arg-type]
    option = (review.choices or {}).get(review.answer.choice or "") if review.answer is not None else None
    said = (option or review.headline).lower()
    cyst = re.search(r"\bcyst", said) is not None
    solid = re.search(r"\bsolid\b|\btumou?rs?\b|\bneoplasms?\b|\b(?:adeno)?carcinomas?\b|\bpdac\b|\bpnet\b", said) \
        is not None and not (
        cyst and re.search(r"\bcystic (?:tumou?r|neoplasm)", said))  # "Tumor" (against "Cyst") names the solid kind;
    # "PDAC" / "PNET" name a solid kind too, which of the two `pdac_vs_pnet`'s criterion decides
    if label not in ("cystic lesion", "solid tumor"):  # a diagnosis its typed mask gives ("PDAC"), an option names
        if cyst or not names_kind(said, label):
            return failed(name, f"the largest lesion is a {label} ({how}), not what the answer names", "reasoner", ids)
        return passed(name, f"{label}, {how}", ids)
    if cyst == solid or cyst != (label == "cystic lesion"):
        return failed(name, f"the largest lesion is a {label} ({how}), not what the answer names", "reasoner", ids)
    return passed(name, f"{label}, {how}", ids)
