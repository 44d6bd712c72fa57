"""Question understanding: what a question asks, about which organ, in which answer form.

Four steps, none of them a large model:

1. the question as people type it is cleaned (`questions.spelling`: shorthand spelled out, misspelt words corrected);
2. the shipped MiniLM embedder ranks the tasks of an intent library (exemplar questions per
   DeepTumorVQA subtype, plus `knowledge question`, `report` and follow-up tasks) by cosine
   similarity, and word cues (`questions.cues`) move the ranking;
3. clinical gates (`questions.gates`) move it where the embedder cannot know better: a question
   without a lesion word is not a lesion task; a knowledge question needs a generic cue and loses
   to a question about this patient; the options carry the task;
4. tasks that differ only by entity are settled by the entities (`questions.resolve`); the basis a question names
   (`questions.basis`) and the thresholds it states for its own rule (`questions.stated_rules`) are kept.

Tasks scoring within `MARGIN` of the chosen one are kept as `alternatives`, with their quantity
keys in `support_quantities`: planning gathers that evidence too, so evidence and options decide.
The result is an `core.state.Intent` with the quantity keys (`{target}.{name}`, docs/CONTRACTS.md).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from core.anatomy import expand_paired, family
from core.state import Intent
from core.tasks import OUT_OF_SCOPE, REGISTRY, TASKS
from questions.analysis import decision_asked, kind_named, neighbour_named
from questions.ask import Ask
from questions.basis import QUANTITY_WORDS, cutoff_edge, named_basis, stated_cutoff_basis, stated_cutoff_pct
from questions.context import ASKS, PRONOUN, question_of
from questions.cues import (
    CUES,
    FULL_REPORT,
    IMPERATIVE,
    KNOWLEDGE,
    LESION_TASKS,
    LESION_WORDS,
    RECHECKED,
    REPORT,
    UNIT_TASKS,
)
from questions.embedding import (
    Embedder,
    cache_dir,
    default_embedder,
    default_model_key,
    load_matrix,
    matrix_key,
    one_thread,
    save_matrix,
)
from questions.fields import (
    claim_to_write,
    field_question,
    format_label,
    formula_asked,
    json_asked,
    object_asked,
    placeholders_filled,
    template_asked,
)
from questions.gates import apply, asks_general_rule, sub_segments
from questions.gates_kind import category_over_number
from questions.gates_options import largest_of_any_kind
from questions.gates_organs import ranking
from questions.intents import LESION_GROUP, ChoiceSet, Entities, extract, load_library, normalise, parse_choices
from questions.intents.choices import (
    denied_kind,
    inline_choices,
    label_stem,
    statements_asked,
    terse_stem_options,
    with_option_organ,
    with_terse_options,
)
from questions.lesion_kinds import lesion_kind_asked, lesion_rank_asked
from questions.longitudinal import (
    LONGITUDINAL_TASKS,
    asks_both_studies,
    earlier_value_only,
    history_only,
    longitudinal_intent,
    prior_values_only,
    rechecked,
    this_study,
    with_prior_values,
)
from questions.polarity import OPPOSITE, YES_MEANS, is_negated
from questions.premises import METASTASES_COUNTED, stated_premises
from questions.qualifiers import drop_asides, drop_qualifiers
from questions.resolve import (
    SIDE_TASK,
    asked_unit,
    location_support,
    organ_for,
    place_part,
    quantities_for,
    refine,
    resolve_pronouns,
    side_unanswered,
    split_parts,
    value_asked,
)
from questions.scope import beyond_scope
from questions.size_words import separate_values, size_asked
from questions.sizes import stated_size_filter, states_solid
from questions.spelling import clean, words_of
from questions.stated_rules import stated_thresholds
from questions.totals import lesion_total
from questions.wording import wording

__all__ = ["KNOWLEDGE", "REPORT", "Embedder", "Understanding", "cache_dir", "default_embedder",
           "default_understanding", "drop_qualifiers", "entities", "is_negated", "understand"]
MARGIN = 0.03
"""Tasks scoring within this of the best are alternatives whose evidence planning gathers too."""


DEGREE_OF_IT = re.compile(r"^\W*(and )?(if (so|yes|present),? )?(what|which|how) (degree|grade|severity|severe|bad|"
                          r"marked|advanced|extensive)\b", re.IGNORECASE)
"""A later part asking how severe, with no subject of its own: the first part's finding graded."""


BURDEN_COMPARISONS = ("multi-organ lesion burden comparison", "bilateral kidney asymmetry", "kidney volume comparison")
"""Tasks comparing organs or sides, whose lesion field stays empty (each group is evidence, none is the subject)."""
GRADE_OF = {"fatty liver": "hepatic steatosis grading", "splenomegaly detection": "splenomegaly grading"}
"""A graded finding's presence and its grade: a grade asked after the presence ("if present, how severe?") answers both."""
REQUEST = re.compile(r"\b(could|can|would|will) (you|we|someone|somebody) (please |kindly |just )?(?!confirm\b|verify\b|"
                     r"tell (me |us )?(whether|if)\b|say (whether|if)\b|check (whether|if)\b)\w+", re.IGNORECASE)
"""A request put as a question ("Could you measure the largest renal lesion?"): it asks the value, not a yes or no."""
CUTOFF_TASKS = frozenset(t.name for t in TASKS if t.cutoff_quantity)
"""Tasks whose question may state its own percentage cut-off (`core.tasks.Task.cutoff_quantity`)."""


class _Ranking(NamedTuple):
    task: str
    confidence: float
    alternatives: list[str]
    subject: str
    """The best task that is neither a knowledge question nor a report: what a knowledge question is about."""
    later: list[tuple[str, str]]
    """Each further part's task and its text, pronouns resolved from the first part."""


@dataclass
class TaskSpec:
    """One task of the intent library, as understanding reads it."""

    task: str
    form: str
    unit: str | None
    organ: str | None
    quantities: list[str]
    family: str | None


class Understanding:
    """The intent library embedded once; `understand` reads one question.

    Args:
        embedder: a sentence embedder; default the shipped MiniLM, loaded on first need.
        library: task records (`load_library()` by default).
        cache: keep the exemplar matrix on disk (`cache_dir()`), keyed by the normalised exemplar
            texts and the model; default on for the shipped embedder, off for a given one.
    """

    def __init__(self, embedder: Embedder | None = None, library: list[dict[str, Any]] | None = None,
                 cache: bool | None = None) -> None:
        self._given = embedder
        use_cache = cache if cache is not None else embedder is None
        records = library if library is not None else load_library()
        self.tasks = {r["task"]: TaskSpec(r["task"], r["form"], r.get("unit"), r.get("organ"),
                                          list(r.get("quantities", [])), r.get("family")) for r in records}
        self._names = list(self.tasks)
        texts, owners = [], []
        for r in records:
            for text in r["exemplars"]:
                texts.append(normalise(text))
                owners.append(self._names.index(r["task"]))
        self._known_words = words_of(texts)
        self._owners = np.asarray(owners)
        self.cache_path: Path | None = None
        self.cache_hit = False
        self._matrix = self._exemplar_matrix(texts, use_cache)

    @property
    def _embedder(self) -> Embedder:
        if self._given is None:
            self._given = default_embedder()
        return self._given

    def _exemplar_matrix(self, texts: list[str], use_cache: bool) -> np.ndarray:
        if not use_cache:
            return self._encode(texts)
        model_key = getattr(self._given, "name_or_path", None) if self._given is not None else default_model_key()
        self.cache_path = cache_dir() / f"exemplars-{matrix_key(texts, str(model_key))}.npy"
        matrix = load_matrix(self.cache_path, len(texts))
        if matrix is not None:
            self.cache_hit = True
            return matrix
        matrix = self._encode(texts)
        save_matrix(self.cache_path, matrix)
        return matrix

    def _encode(self, texts: list[str]) -> np.ndarray:
        with one_thread(len(texts) == 1):
            vectors = self._embedder.encode(texts, normalize_embeddings=True, convert_to_numpy=True,
                                            show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance per process; questions repeat in benchmarks
    def _query_vector(self, normalised_question: str) -> np.ndarray:
        return self._encode([normalised_question])[0]

    def clean(self, question: str | None) -> str:
        """The question with shorthand spelled out and misspellings corrected (see `questions.spelling`)."""
        return clean((question or "").strip(), self._known_words)

    def scores(self, question: str, choice_set: ChoiceSet | None = None) -> dict[str, float]:
        """Task -> score: best exemplar similarity plus the cue bonuses and the gates' moves."""
        low = normalise(question)
        sims = self._matrix @ self._query_vector(low)
        best = np.full(len(self._names), -1.0, dtype=np.float32)
        np.maximum.at(best, self._owners, sims)
        scores = {name: float(best[i]) for i, name in enumerate(self._names)}
        for pattern, tasks, bonus in CUES:
            if re.search(pattern, low):
                for task in tasks:
                    if task in scores:
                        scores[task] += bonus
        ents = extract(question)
        units = set(ents.units) | ({choice_set.unit} if choice_set is not None and choice_set.unit else set())
        for unit in units:
            for task in UNIT_TASKS.get(unit, ()):
                if task in scores:
                    scores[task] += 0.06
        forms = {name: t.form for name, t in self.tasks.items()}
        apply(scores, Ask.read(low, ents, choice_set, forms, {name: t.unit for name, t in self.tasks.items()}))
        return scores

    def understand(self, question: str | None, choices: dict[str, str] | None = None,
                   hint_subtype: str | None = None) -> Intent:
        """Reads a question (and its choices) into an `Intent`; see the module docstring."""
        choice_set = parse_choices(choices)
        label = bool(choices) and label_stem(question or "") and "_" not in (question or "")  # "Renal volumes: A) ...": the
        typed = question or "" if label else field_question(json_asked(object_asked(template_asked(formula_asked(
            placeholders_filled(format_label(claim_to_write(question or ""))))))))  # options say what is asked, no field's value
        cleaned = decision_asked(kind_named(neighbour_named(drop_asides(self.clean(typed)))))  # "liver_lesion_count:", "Compute X and report
        text, asking = question_of(cleaned)  # whether ...": the decision asked; "68-year-old ... Is ...?": the question
        stem, inline = inline_choices(text)  # "... nature? A) cyst B) tumor"
        if choice_set is not None:  # the options given, also written after the question: the stem asks
            stem, inline = (stem, None) if inline is not None and _same_options(inline, choices) else (text, None)
        stem = statements_asked(stem, inline or terse_stem_options(stem, choices))  # "Which is correct? A) liver fatty
        # B) liver not fatty", "Which finding is present?" with options: the options ask
        asked = drop_qualifiers(stem)  # "(not a simple cyst)", "(solid or cystic)" qualify; they do not ask
        ents = extract(drop_qualifiers(with_option_organ(text, choices)))  # "Pancreatic mass: A) PDAC B) PNET": the
        # options name the kinds; "How many? A) 0 liver lesions ...": a lone organ of the options is the one asked
        if not ents.lesion_kinds and asked != drop_qualifiers(text):  # "Which? A) Kidney cyst present B) No kidney
            ents.lesion_kinds = extract(asked).lesion_kinds  # cyst": the statements asked name the kind
        ents.lesion_kinds = ents.lesion_kinds or denied_kind(choice_set)  # "Left kidney shows: a cyst / no cyst / ..."
        alternatives: list[str] = []
        subject, later, both, earlier = None, [], False, False
        if hint_subtype is not None:
            if hint_subtype not in self.tasks:
                raise ValueError(f"unknown subtype hint {hint_subtype!r}; known: {sorted(self.tasks)!r}")
            task, confidence = hint_subtype, 1.0
        elif not text or re.search(FULL_REPORT, text, re.IGNORECASE):  # no question, or the whole report asked for
            task, confidence = REPORT, 1.0
        elif beyond_scope(asked) is not None or (not ents.structures and not ents.lesion_kinds and beyond_scope(
                cleaned) is not None) or (asking != text and not (own := extract(asking)).structures and not
                                          own.lesion_kinds and not PRONOUN.search(asking) and beyond_scope(asking)):
            # "bowel wall thickness?", "L3 height?", "metformin dose?": no task; a label naming what is out of scope
            # ("Peripancreatic lymph nodes - any enlarged?") when the question names nothing; an asking sentence after
            # the history that names no organ of its own ("Spleen looks intact - is there a subdural haematoma too?")
            return Intent(task=OUT_OF_SCOPE, answer_form="report", confidence=1.0)
        elif not history_only(text, asking) and not rechecked(text) and (over_time := longitudinal_intent(normalise(
                with_terse_options(text, choices)), ents, choice_set, parse_choices(inline))) is not None:
            return over_time  # compares this patient's studies: RECIST response, organ volume change
        else:
            both = asks_both_studies(normalise(text))  # "now and on the prior": ranked as asked of this study
            earlier = earlier_value_only(normalise(text))  # "What was it on the earlier exam?": that study's value
            ranked = self._rank(this_study(asked) if both else asked, ents, choice_set or parse_choices(inline))
            task, confidence, alternatives, subject, later = ranked
        if task == "PDAC vs PNET classification" and hint_subtype is None and largest_of_any_kind(text, choice_set):
            task = "lesion type classification"  # "Classify the dominant pancreatic lesion. A. PNET B. PDAC C. Cystic
            # lesion": the largest lesion whatever its kind, a cyst beside a smaller carcinoma the cyst option
        totals = lesion_total(task, ents, text) if hint_subtype is None else []  # "How many lesions in total across
        task = "organ aggregation" if totals else task  # the liver, both kidneys and the pancreas?": one summed count
        both = both and self.tasks[task].form == "number"
        later = [(p, piece) for p, piece in later if not (both and p in LONGITUDINAL_TASKS)]
        separate = task == "organ aggregation" and choice_set is None and separate_values(normalise(text), ents)
        task = "organ volume measurement" if separate else task
        parts = [part for part, _ in later]
        about = organ_for(subject, ents, self.tasks[subject].organ) if task == KNOWLEDGE and subject else None
        intent = self._intent(task, ents, choice_set, confidence, text, about)  # portal hypertension: the liver
        update = wording(text, ents, choice_set, asking)
        if task == "pancreatic lesion resectability" and (premises := stated_premises(cleaned)):  # "Resectable? Assume
            update["premises"] = premises  # no arterial involvement and regard liver lesions as metastases."
            if "liver_lesions_metastatic" in premises and METASTASES_COUNTED not in intent.quantities:
                update["quantities"] = [*intent.quantities, METASTASES_COUNTED]
        update["cutoff_edge"] = cutoff_edge(text)  # "the upper limit of mild ...": read if answered as a knowledge question
        if choice_set is None and hint_subtype is None and side_unanswered(text, intent.task, intent.lesion, parts):
            parts = [*parts, SIDE_TASK]  # "Characterise the kidney lesion: which kidney, and cyst or solid?"
        if parts and choice_set is None and hint_subtype is None:
            update |= self._parts(parts, ents, text, intent)
        alternatives = [t for t in alternatives if t not in update.get("parts", [])]
        if alternatives:
            update |= self._support(alternatives, ents, choice_set, text, intent)
        if separate:  # "the liver volume and the spleen volume": each organ's own value
            update["quantities"] = [f"{s}.volume_ml" for s in dict.fromkeys(ents.structures)]
        elif task == "organ HU measurement" and choice_set is None and separate_values(normalise(text), ents) and \
                not ents.hu_ratio and not ents.ratio:  # "the mean HU of the liver, and of the spleen": each organ's own
            update["quantities"] = [f"{s}.mean_hu" for s in dict.fromkeys(ents.structures) if s not in LESION_GROUP.values()]
        elif task == "organ aggregation":  # "Which organ is the biggest?": ranked by each organ's own value
            update |= ranking(normalise(text), [o for s in ents.structures for o in expand_paired(s)]) or {"comparison": None}
        if totals:
            update |= {"quantities": totals, "organ": None, "lesion": None, "comparison": None, "unit": "count"}
        if task == "inter-segment comparison" and not update.get("lesion_burden"):  # the sub-segments' own size
            options = " ; ".join(o.text for o in choice_set.options) if choice_set is not None else ""
            named = update.get("locations") or sub_segments(options) or EVERY_PART.get(str(intent.organ), [])
            update["quantities"] = [f"{place}.volume_ml" for place in dict.fromkeys(named)] or intent.quantities
            if not ents.lesion_kinds and re.search(r"\b(large|larger|small|smaller|big|bigger|size|volume)\b", text):
                update["lesion"] = None  # "Is the caudate lobe large compared with the right lobe?": their own size
        places = [k for k in location_support(task, ents) if k not in update.get("support_quantities", [])]
        if places:
            update["support_quantities"] = [*update.get("support_quantities", []), *places]
        yes_no_asked = choice_set.form == "yes_no" if choice_set is not None else self.tasks[task].form == "yes_no" or (
            update["polar"] and (bool(REGISTRY[task].yes_labels) or task in OPPOSITE or task not in (KNOWLEDGE, REPORT)
                                 and not REQUEST.search(asking)))  # "Is there fatty liver?", "Are the kidneys symmetric?",
        # "Is the lesion not in segment 8?": whatever the task, a question asked yes/no has a polarity; "Could you
        # measure ...?" is a request, not a yes/no
        told = YES_MEANS.search(cleaned)  # "Answer Yes if a lesion IS present." said after the question it decides
        if yes_no_asked and is_negated(told.group(0) if told else split_parts(asking)[0] if update.get("parts") else asking,
                                       task):  # each part has its own polarity
            update["negated"] = True
        if both:  # the same value on both studies, not its change: each study's own evidence
            update["quantities"] = with_prior_values(update.get("quantities", intent.quantities))
        elif earlier and self.tasks[task].form == "number":
            update["quantities"] = prior_values_only(update.get("quantities", intent.quantities))
        negated_parts = [part for part, piece in later if part in update.get("parts", [])
                         and self.tasks[part].form == "yes_no" and is_negated(piece, part)]
        if negated_parts:
            update["negated_parts"] = negated_parts
        return intent.model_copy(update=update)

    def _parts(self, parts: list[str], ents: Entities, text: str, intent: Intent) -> dict[str, Any]:
        """The further tasks of a multi-part question, each answered with its own evidence (`Intent.parts`)."""
        rest = [t for t in dict.fromkeys(parts) if t not in (intent.task, KNOWLEDGE, REPORT)]
        keys = list(intent.quantities)
        for part in rest:
            own = self._intent(part, ents, None, 0.0, text)
            lesion = own.lesion or (intent.lesion if part in LESION_TASKS else None)
            keys += own.quantities if own.lesion or part not in LESION_TASKS else quantities_for(
                part, self.tasks[part].quantities, own.organ or intent.organ, lesion, ents)
        return {"parts": rest, "quantities": list(dict.fromkeys(keys))} if rest else {}

    def _rank(self, text: str, ents: Entities, choice_set: ChoiceSet | None) -> _Ranking:
        """The task the first part of the question asks, its score, the close alternatives, the best task
        other than a knowledge question or a report, and the task and text of each further part.

        Alternatives are the tasks scoring within `MARGIN` of the best; the further parts are those of
        a multi-part question ("Is there a cyst, and if so how big?").
        """
        parts = split_parts(text) if choice_set is None else [text]  # one letter answers a question with options: "Which HU
        if len(parts) == 2 and re.match(IMPERATIVE, parts[1].lstrip(" ?.;:").lower()) and not re.search(
                r"\b(what|which|how|is|are|does|do|can|could|where|when|why|any)\b", parts[0], re.IGNORECASE) and not \
                extract(parts[0]).organs:
            parts = [parts[1].lstrip(" ?.;:"), parts[0]]  # "Tumour board: SMA/SMV relationship? Classify the resectability
            # of the pancreatic lesion.": the order asks; the topic before it is its evidence
        elif len(parts) == 2 and not parts[0].rstrip().endswith("?") and not ASKS.match(parts[0]) and not re.match(
                IMPERATIVE, parts[0].lower()) and not re.search(r"\b(what|which|how|is|are|does|do|can|could|where|when|why|"
                                                               r"any)\b", parts[0], re.IGNORECASE) and ASKS.match(
                parts[1].lstrip(" ?.;:")) and not extract(parts[0]).organs and not extract(parts[0]).lesion_kinds:
            parts = [parts[1].lstrip(" ?.;:")]  # "Path will give us pT after surgery; what's the radiological T now?":
            # a statement naming nothing of the image, then the ask
        elif len(parts) == 2 and re.search(RECHECKED, parts[0], re.IGNORECASE) and re.search(r"\d", parts[0]):
            parts = [parts[1].lstrip(" ?.;:"), parts[0]]  # "The outside read quoted a liver HU of 45 - recompute from
            # this study and give the steatosis grade.": the value recomputed is the grade's evidence, the grade asked
        first = parts[0] if len(parts) > 1 else text  # range does it fall in, and what does that make it? A) ... B) ..."
        scores = self.scores(first, choice_set if len(parts) == 1 else None)
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)
        low = normalise(first)
        task = refine(ranked[0], extract(first) if len(parts) > 1 else ents, low)
        close = [refine(t, ents, low) for t in ranked[1:4] if scores[ranked[0]] - scores[t] <= MARGIN]
        later = []
        for part in parts[1:]:
            later_text = f"{part} ({first})" if re.match(DEGREE_OF_IT, part) and not extract(part).organs else \
                resolve_pronouns(part, first)  # "Fatty liver on this CT? If so, what degree?": the finding's grade
            scored = self.scores(later_text)
            own = extract(part)
            if max(scored, key=scored.__getitem__) == ranked[0] and not own.organs and not own.lesion_kinds:
                continue  # "... which axial slice ...? Give the 0-based slice index counted from the inferior end of the
                # volume ...": how to give the first part's answer, no further part
            scored.pop(ranked[0], None)  # a further part asks something else than the first
            refers_back = re.search(r"\b(it|its|that|this|they|them|their)\b", part, re.IGNORECASE)
            if ranked[0] != KNOWLEDGE and (refers_back or not asks_general_rule(normalise(later_text))):
                scored.pop(KNOWLEDGE, None)  # "..., and what steatosis grade does it correspond to?": this patient's
            place = place_part(part, task, ents)  # "..., and in which segment?": where the first part's lesions are
            later.append((place or refine(max(scored, key=scored.__getitem__), extract(later_text),
                                          normalise(later_text)), later_text))
        grade = GRADE_OF.get(task)
        polar = re.match(r"\s*(is|are|does|do|has|have|was|were)\b", first, re.IGNORECASE)  # "Is there X, and if so
        if grade is not None and not polar and any(p == grade for p, _ in later):  # what grade?" asks both, each answered
            task, later = grade, [(p, piece) for p, piece in later if p != grade]  # "Liver fat - if present, mild, moderate
            # or severe?": the grade answers presence too
        task, alternatives = category_over_number(task, [t for t in dict.fromkeys(close) if t != task], choice_set)
        subject = next(t for t in ranked if t not in (KNOWLEDGE, REPORT))
        return _Ranking(task, float(np.clip(scores[ranked[0]], 0.0, 1.0)), alternatives, subject, later)

    def _support(self, alternatives: list[str], ents: Entities, choice_set: ChoiceSet | None, text: str,
                 intent: Intent) -> dict[str, Any]:
        """The alternatives and the quantity keys of theirs the chosen task does not already need."""
        keys: list[str] = []
        for alternative in alternatives:
            keys += self._intent(alternative, ents, choice_set, 0.0, text).quantities
        extra = [k for k in dict.fromkeys(keys) if k not in intent.quantities]
        return {"alternatives": alternatives, "support_quantities": extra}

    def _intent(self, task: str, ents: Entities, choice_set: ChoiceSet | None, confidence: float,
                text: str, default_organ: str | None = None) -> Intent:
        spec = self.tasks[task]
        organ = organ_for(task, ents, spec.organ or default_organ, text)
        lesion = LESION_GROUP.get(family(organ)) if organ and (task in LESION_TASKS or ents.lesion_kinds) else None
        if task not in LESION_TASKS and task not in (KNOWLEDGE, REPORT) or REGISTRY[task].organ_quantities and not re.search(
                LESION_WORDS, normalise(text)):
            lesion = None  # "Which structure touches the left kidney?" asks the organ's own neighbours
        option_organs = extract(" ; ".join(o.text for o in choice_set.options)).organs if choice_set else None
        quantities = quantities_for(task, spec.quantities, organ, lesion, ents, option_organs)
        groups = [q.split(".")[0] for q in quantities if q.split(".")[0] in LESION_GROUP.values()]
        if lesion is None and len(set(groups)) == 1 and task not in (KNOWLEDGE, REPORT, *BURDEN_COMPARISONS):
            lesion = groups[0]  # "Mean attenuation of the biggest pancreatic lesion?": that group's lesion, measured
        form = "choice" if choice_set is not None else spec.form
        unit = asked_unit(ents, choice_set) or (spec.unit if spec.form == "number" else None)
        asked = value_asked(task, normalise(text), choice_set, ents, organ, lesion)  # "the mean HU of the largest lesion"
        if asked is not None:
            form, unit, quantities = form if choice_set is not None else "number", unit or asked[0], asked[1]
        if unit == "HU" and quantities and quantities[0].endswith("_ratio"):  # "the pancreas-to-spleen HU ratio": a
            unit = spec.unit if spec.form == "number" and spec.unit != "HU" else None  # ratio of HUs has no unit
        if task == "organ HU ratio" and re.search(QUANTITY_WORDS[CAUDATE_RATIO], normalise(text)):
            organ, unit, quantities = "liver", None, [CAUDATE_RATIO]  # the ratio named is of two volumes, not HUs
        basis, quantities = named_basis(text, quantities, [o.text for o in choice_set.options] if choice_set else None)
        if basis is not None and task == "portal hypertension assessment":
            organ = basis.split(".")[0].split("/")[0]  # the arm asked about names the organ
        sized = stated_size_filter(task, text)  # "How many lesions are 10 mm or larger / between 1 and 2 cm?"
        return Intent(task=task, organ=organ, lesion=lesion, quantities=quantities, answer_form=form,  # type: ignore[arg-type]
                      unit=unit, confidence=round(confidence, 3), basis=basis, stated_thresholds=stated_thresholds(text),
                      cutoff_pct=stated_cutoff_pct(text) or (stated_cutoff_pct(" ".join(
                          o.text for o in choice_set.options)) if choice_set else None) if task in CUTOFF_TASKS else None,
                      cutoff_basis=stated_cutoff_basis(" ".join([text, *(o.text for o in choice_set.options)]) if
                                                       choice_set else text),
                      size_asked=size_asked(task, text), **(sized.intent_fields() if sized else {}),  # type: ignore[arg-type]
                      solid_stated=task == "PDAC vs PNET classification" and states_solid(text),
                      lesion_kind=lesion_kind_asked(text, quantities), lesion_rank=lesion_rank_asked(text, quantities))


CAUDATE_RATIO = "liver.caudate_right_lobe_ratio"
"""Segment 1's volume over segments 5-8's: asked as a number, a measurement of two volumes (no task of its own)."""
EVERY_PART = {"liver": [f"liver_segment_{n}" for n in range(1, 9)],
              "pancreas": ["pancreas_head", "pancreas_body", "pancreas_tail"]}
"""An organ's sub-segments, compared all when the question names none ("Which liver segment is the biggest?")."""


@functools.cache
def default_understanding() -> Understanding:
    """The shipped intent library over the shipped embedder, built once per process."""
    return Understanding()


def _same_options(inline: dict[str, str], choices: dict[str, str] | None) -> bool:
    """Whether the options written after a question are the options given with it (letters and words, any case)."""
    def norm(options: dict[str, str]) -> dict[str, str]:
        return {k.upper(): " ".join(str(v).lower().split()).strip(" .;,") for k, v in options.items()}
    return bool(choices) and norm(inline) == norm(choices or {})


def understand(question: str | None, choices: dict[str, str] | None = None,
               hint_subtype: str | None = None) -> Intent:
    """What a question asks: task, organ, lesion group, quantity keys, answer form, unit, basis.

    Args:
        question: free text; None or empty asks for a full work-up (`report`).
        choices: multiple-choice options by letter; they set the answer form to `choice` and
            their units and kinds inform the task.
        hint_subtype: a DeepTumorVQA subtype to trust (benchmarks with `use_subtype_hint`);
            entities are still read from the question.

    Raises:
        ValueError: `hint_subtype` is not a known task.
    """
    return default_understanding().understand(question, choices, hint_subtype)


def entities(question: str | None) -> Entities:
    """The entities a question names (organs, lesion kinds, sides, units, sub-segments)."""
    return extract(question)
