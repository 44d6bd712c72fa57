"""Question understanding: what a question asks, about which organ, in which answer form.

Three parts, none of them a large model:

1. the shipped MiniLM embedder ranks the tasks of an intent library (exemplar questions per
   DeepTumorVQA subtype, plus `knowledge question` and `report`) by cosine similarity;
2. word patterns extract the entities (organ with its synonyms, lesion kind, side, unit,
   sub-segment) and a few clinical cues that move the ranking (a unit asked for, a question
   about a threshold rather than a patient);
3. clinical gates move the ranking where the embedder cannot know better (`_gate`): a question
   without a lesion word is not a lesion task; a knowledge question needs a generic cue
   (threshold, criteria, normal range) and loses to a question about this patient; counting by
   location needs a location, aggregation two organs, a kidney comparison both sides; choices
   fix the answer form;
4. tasks that differ only by entity (`kidney cyst existence` vs `kidney tumor existence`,
   `organ enlargement` of the spleen = `splenomegaly detection`) are settled by the entities.

The exemplar matrix is cached on disk (`cache_dir()`), keyed by the normalised exemplar texts and
the model; the MiniLM model itself is the one process-wide copy retrieval also uses
(`retrieval.backends.load_sentence_transformer`).

The result is an `core.state.Intent` with the quantity keys (`{target}.{name}`,
docs/CONTRACTS.md) the answer needs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.anatomy import family as _family
from core.state import Intent
from core.tasks import expand_quantities, tasks_where
from questions.intents import LESION_GROUP, ChoiceSet, Entities, extract, load_library, normalise, parse_choices
from questions.longitudinal import longitudinal_intent

KNOWLEDGE = "knowledge question"
REPORT = "report"
MATRIX_VERSION = 1
"""Bump when the way exemplars are encoded changes (the cached matrices then rebuild)."""
LESION_TASKS = tasks_where(lesion=True)
"""Tasks about a lesion group (the task registry's `lesion` flag)."""
# Cues: (pattern on the lower-cased question, tasks, bonus). Clinical phrasing, not exemplar wording.
_GENERAL = (r"\b(threshold|cut-?offs?|defin\w*|criteri\w*|normal (range|size|value|volume)|considered|guidelines?|"
            r"according to|system|separates|distinguishes|what (is|are) the (normal|cut)|explain\w*|in general|generally|typical\w*|"
            r"usually|upper limit|lower limit|reference (range|value)|"
            r"how (is|are) (\w+ ){0,3}(graded|classified|staged|defined|diagnosed|assessed)|called|regarded as|"
            r"classed as)\b")
# "A .* B .* C" written as "first A, then first B after it, then C": the same matches, found in linear
# time (a plain ".*\b...\b.*" backtracks cubically on "what value " repeated).
_RULE_QUERY = (r"(?m)^(?>.*?\b(what|which|above|below)\b)(?>.*?\b(value|volume|size|hu|level|diameter|ratio|"
               r"attenuation)\b).*?\b(counts? as|marks?|indicates?|means?|qualif\w*|makes?|defines?|signals?|suggests?)\b")
_CUES: list[tuple[str, tuple[str, ...], float]] = [
    (_GENERAL, (KNOWLEDGE,), 0.25),
    (_RULE_QUERY, (KNOWLEDGE,), 0.3),
    (r"\b(full work-?up|work-?up|report|all findings|the findings|write[- ]?up|summari[sz]e|summary|impression)\b",
     (REPORT,), 0.25),
    (r"\b(how many|number of|count)\b", ("lesion counting", "lesion count by location"), 0.08),
    (r"\b(slice|axial|z-?(level|index|position))\b", ("largest lesion slice",), 0.15),
    (r"\b(diameter|across|axis|long|wide|width|dimension)\b", ("largest lesion diameter",), 0.08),
    (r"\b(ratio|divided|divide|to-spleen|to spleen|l/s|p/s)\b", ("organ HU ratio",), 0.12),
    (r"\b(percent\w*|percentage|fraction|proportion|share)\b|%", ("tumor burden percentage",), 0.12),
    (r"\b(grade|grading|degree|severity|how severe|mild|moderate|severe)\b",
     ("hepatic steatosis grading", "splenomegaly grading"), 0.08),
    (r"\bsegment\w*|\b(head|body|tail|uncinate)\b", ("lesion count by location", "inter-segment comparison",
                                                     "largest lesion location", "liver lesion clustering"), 0.04),
    (r"\b(t ?stage|t category|staging|stage)\b", ("pancreatic tumor staging",), 0.12),
    (r"\bresect\w*|surg\w*|remov\w*", ("pancreatic cyst resectability", "pancreatic lesion resectability"), 0.1),
    (r"\b(hypo|iso|hyper)\w*|darker|brighter|enhanc\w*", ("largest lesion attenuation",), 0.08),
    (r"\b(adjacent|borders?|next to|contact|touch\w*|abut\w*|neighbou?r\w*)\b", ("adjacent organ",), 0.12),
    (r"\b(cluster\w*|scatter\w*|distribut\w*|concentrat\w*|spread)\b", ("liver lesion clustering",), 0.12),
    (r"\b(combined|sum|add|together|total volume of (the )?\w+ and)\b", ("organ aggregation",), 0.08),
    (r"(?m)^(?>.*?\b(which|what)\b)(?>.*?\b(segment|part|portion|section)\b).*?\b(more|most|greater|higher|larger|less)\b",
     ("inter-segment comparison",), 0.12),
    (r"\b(outlier|outsized|disproportion\w*|stand\w* out|dominates?|(much|far|way|markedly) (larger|bigger)|"
      r"than (all )?(the )?(others|rest|next|second)|dwarf\w*|the others|the rest)\b", ("lesion outlier",), 0.1),
    (r"\b(asymmetr\w*|symmetr\w*|similar size)\b", ("bilateral kidney asymmetry",), 0.15),
    (r"(?m)^(?:(?>.*?\b(differ\w*|minus|denser|darker)\b).*?\b(tumou?r|lesion)\b"
     r"|(?>.*?\b(tumou?r|lesion)\b).*?\b(differ\w*|minus)\b)",
     ("tumor organ HU difference",), 0.06),
]
_UNIT_TASKS: dict[str, tuple[str, ...]] = {
    "mL": ("organ volume measurement", "lesion volume measurement", "organ aggregation"),
    "HU": ("organ HU measurement", "tumor organ HU difference"),
    "mm": ("largest lesion diameter",),
    "cm": ("largest lesion diameter",),
    "%": ("tumor burden percentage",),
}


# Words that name a lesion: without one, a question asks about an organ, not a lesion task.
LESION_WORDS = (r"\b(lesions?|tumou?rs?|mass(es)?|cysts?|cystic|pseudocysts?|nodules?|nodular|metasta\w*|neoplasm\w*|"
                r"cancer\w*|carcinoma\w*|adenocarcinoma|malignan\w*|pdac|p?nets?|neuroendocrine|focal|rcc|"
                r"hepatoma|hcc|deposits?|burden|insulinoma)\b")
ORGAN_TASKS = frozenset({
    "organ volume measurement", "organ HU measurement", "organ HU ratio", "organ enlargement", "organ aggregation",
    "kidney volume comparison", "splenomegaly detection", "splenomegaly grading", "fatty liver",
    "hepatic steatosis grading", "pancreatic steatosis", "portal hypertension assessment",
})
# A question about one patient: a deictic word, or a question about what should be done for this finding.
_PATIENT = (r"\b(this|these|the patient|patient's|present|visible|seen|here|scan|study|image|ct|"
            r"(should|must|can|could|does|do|is|are) (it|the|this|these|they)|(need|needs|recommend\w*) (the|this))\b")
# An order about this case ("Stage the tumour ...") is a patient question whatever it cites.
_IMPERATIVE = (r"\s*(stage|grade|measure|classify|characteri[sz]e|count|compute|calculate|estimate|give|report|assess|"
               r"describe|locali[sz]e|identify|determine|quantify)\b")
_LOCATION = (r"\b(segments?|sub-?segments?|lobes?|head|neck|body|tail|uncinate|left|right|side|part|portion|region|"
             r"couinaud|dome|hilum|pole)\b")
_AGGREGATE = r"\b(both|combined|sum|summed|together|add\w*|total|aggregate\w*|plus|two)\b"
_NUMERIC_ASK = (r"\b(how (much|many|far)|by how|what is the (difference|value|number)|compute|calculate|measure|"
                r"quantify|in (hu|hounsfield)|difference in|minus|subtract\w*)\b")
_CATEGORY_LABELS: list[tuple[str, str]] = [
    (r"\b(indeterminate|simple cyst|fat-containing|bosniak)\b", "renal mass characterization"),
    (r"\b(highly clustered|somewhat clustered|widely distributed)\b", "liver lesion clustering"),
    (r"(?m)^(?>.*?\bneither\b).*?\bsymmetr", "bilateral kidney asymmetry"),
    (r"\b(hypo|iso|hyper)(attenuating|dense|intense)\b", "largest lesion attenuation"),
    (r"\b(resectable|borderline|unresectable)\b", "pancreatic lesion resectability"),
]


# Negative polarity in a yes/no question: *yes* then means the finding is absent.
_NEGATIVE_POLARITY = (r"\b(free|clear) (of|from)\b|\bno (evidence|signs?|suggestion|indication)\b|\babsen(t|ce)\b|"
                      r"\bwithout\b|\brul(e|ed|es|ing) out\b|\b(be|been|is|are) excluded\b|\bnegative for\b|\bdevoid of\b|"
                      r"\b(no|none|not)\b|\b(normal|unremarkable)\b|\bwithin normal limits\b")
_EITHER_POLARITY = (r"\b(yes|present|there) or (no|not|absent|none)\b|\bor not\b|\b(absent|no) or (present|yes)\b|"
                    r"\bnot only\b|^\s*(isn't|aren't|doesn't|don't|hasn't|haven't|wasn't|weren't|is not|are not)\b")


class Embedder(Protocol):
    """What understanding needs of a sentence embedder (sentence-transformers' `encode`)."""

    def encode(self, sentences: Sequence[str], **kwargs: Any) -> np.ndarray: ...


@contextlib.contextmanager
def _one_thread(enabled: bool) -> Iterator[None]:
    """One short sentence encodes fastest on one thread (no contention on small, busy machines)."""
    if not enabled:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def default_embedder() -> Embedder:
    """The shipped MiniLM sentence embedder, offline: the process-wide copy retrieval also uses."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from retrieval.backends import load_sentence_transformer

    return load_sentence_transformer(None, "auto")


def _default_model_key() -> str:
    from retrieval.backends import default_minilm_path

    return str(default_minilm_path().resolve())


def cache_dir() -> Path:
    """Where exemplar matrices are kept: `$CLINORCH_CACHE_DIR` (default `~/.cache/clinorch`)/understanding."""
    from retrieval.cache import cache_root

    return cache_root() / "understanding"


def _matrix_key(texts: Sequence[str], model_key: str) -> str:
    digest = hashlib.sha256(f"{MATRIX_VERSION}\n{model_key}\n".encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:24]


def _load_matrix(path: Path, rows: int) -> np.ndarray | None:
    try:
        matrix = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if matrix.ndim != 2 or matrix.shape[0] != rows or matrix.dtype != np.float32:
        return None
    return matrix


def _save_matrix(path: Path, matrix: np.ndarray) -> None:
    """Writes atomically; an unwritable cache folder only means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npy")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            np.save(stream, matrix, allow_pickle=False)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@dataclass
class _Task:
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
        self.tasks = {r["task"]: _Task(r["task"], r["form"], r.get("unit"), r.get("organ"),
                                       list(r.get("quantities", [])), r.get("family")) for r in records}
        self._names = list(self.tasks)
        texts, owners = [], []
        for r in records:
            for text in r["exemplars"]:
                texts.append(normalise(text))
                owners.append(self._names.index(r["task"]))
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
        model_key = getattr(self._given, "name_or_path", None) if self._given is not None else _default_model_key()
        self.cache_path = cache_dir() / f"exemplars-{_matrix_key(texts, str(model_key))}.npy"
        matrix = _load_matrix(self.cache_path, len(texts))
        if matrix is not None:
            self.cache_hit = True
            return matrix
        matrix = self._encode(texts)
        _save_matrix(self.cache_path, matrix)
        return matrix

    def _encode(self, texts: list[str]) -> np.ndarray:
        with _one_thread(len(texts) == 1):
            vectors = self._embedder.encode(texts, normalize_embeddings=True, convert_to_numpy=True,
                                            show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance per process; questions repeat in benchmarks
    def _query_vector(self, normalised_question: str) -> np.ndarray:
        return self._encode([normalised_question])[0]

    def scores(self, question: str, choice_set: ChoiceSet | None = None) -> dict[str, float]:
        """Task -> score: best exemplar similarity plus the cue bonuses."""
        low = normalise(question)
        sims = self._matrix @ self._query_vector(low)
        best = np.full(len(self._names), -1.0, dtype=np.float32)
        np.maximum.at(best, self._owners, sims)
        scores = {name: float(best[i]) for i, name in enumerate(self._names)}
        for pattern, tasks, bonus in _CUES:
            if re.search(pattern, low):
                for task in tasks:
                    if task in scores:
                        scores[task] += bonus
        units = set(extract(question).units)
        if choice_set is not None and choice_set.unit:
            units.add(choice_set.unit)
        for unit in units:
            for task in _UNIT_TASKS.get(unit, ()):
                scores[task] += 0.06
        _gate(scores, low, extract(question), choice_set, {name: t.form for name, t in self.tasks.items()},
              {name: t.unit for name, t in self.tasks.items()})
        return scores

    def understand(self, question: str | None, choices: dict[str, str] | None = None,
                   hint_subtype: str | None = None) -> Intent:
        """Reads a question (and its choices) into an `Intent`; see the module docstring."""
        choice_set = parse_choices(choices)
        text = (question or "").strip()
        ents = extract(text)
        if hint_subtype is not None:
            if hint_subtype not in self.tasks:
                raise ValueError(f"unknown subtype hint {hint_subtype!r}; known: {sorted(self.tasks)!r}")
            task, confidence = hint_subtype, 1.0
        elif not text:
            task, confidence = REPORT, 1.0
        elif (over_time := longitudinal_intent(normalise(text), ents, choice_set)) is not None:
            return over_time  # compares this patient's studies: RECIST response, organ volume change
        else:
            scores = self.scores(text, choice_set)
            task = max(scores, key=scores.__getitem__)
            confidence = float(np.clip(scores[task], 0.0, 1.0))
            task = _refine(task, ents, normalise(text))
        intent = self._intent(task, ents, choice_set, confidence)
        yes_no_asked = choice_set.form == "yes_no" if choice_set is not None else self.tasks[task].form == "yes_no"
        if yes_no_asked and is_negated(text):
            intent = intent.model_copy(update={"negated": True})
        update = _wording(text, ents, choice_set)
        if choice_set is None and hint_subtype is None:
            update |= self._parts(text, task, intent)
        return intent.model_copy(update=update)

    def _parts(self, text: str, task: str, intent: Intent) -> dict[str, Any]:
        """A question of several questions ("Any liver lesion? How big is the largest?"): the first asks
        `task`, each further one a task of its own, answered with its own evidence (`Intent.parts`)."""
        pieces = [p for p in re.split(r"(?<=\?)\s+|,?\s+and\s+(?=(?:if so,?\s+)?(?:is|are|does|do|what|which|how|"
                                      r"where|whether)\b)|,\s*(?=if so\b)", text, flags=re.IGNORECASE)
                  if p and p.strip()]
        if len(pieces) < 2:
            return {}
        ents = extract(text)
        tasks = []
        for piece in pieces:
            scores = self.scores(piece)
            own = extract(piece)
            if tasks and tasks[0] in LESION_TASKS and not own.organs:  # "How big is the largest?" after a lesion
                scores = {t: v for t, v in scores.items() if t in LESION_TASKS}
            if tasks:  # a further part asks something else than the first ("and if so, how severely?")
                scores.pop(tasks[0], None)
            tasks.append(_refine(max(scores, key=scores.__getitem__), own if own.organs else ents, normalise(piece)))
        first, rest = tasks[0], [t for t in dict.fromkeys(tasks[1:]) if t != tasks[0] and t not in (KNOWLEDGE, REPORT)]
        if not rest:
            return {}
        main = self._intent(first, ents, None, intent.confidence) if first != task else intent
        keys = list(main.quantities)
        for part in rest:
            organ = _organ_for(part, ents, self.tasks[part].organ)
            lesion = LESION_GROUP.get(_family(organ)) if organ and part in LESION_TASKS else main.lesion
            keys += _quantities(part, self.tasks[part], organ, lesion, ents)
        return {"task": first, "organ": main.organ, "lesion": main.lesion, "answer_form": main.answer_form,
                "unit": main.unit, "quantities": list(dict.fromkeys(keys)), "parts": rest}

    def _intent(self, task: str, ents: Entities, choice_set: ChoiceSet | None, confidence: float) -> Intent:
        spec = self.tasks[task]
        organ = _organ_for(task, ents, spec.organ)
        lesion = LESION_GROUP.get(_family(organ)) if organ and (task in LESION_TASKS or ents.lesion_kinds) else None
        if task not in LESION_TASKS and task not in (KNOWLEDGE, REPORT):
            lesion = None
        quantities = _quantities(task, spec, organ, lesion, ents)
        if choice_set is not None:
            form = "choice"
        else:
            form = spec.form
        unit = _asked_unit(ents, choice_set) or (spec.unit if spec.form == "number" else None)
        return Intent(task=task, organ=organ, lesion=lesion, quantities=quantities, answer_form=form,  # type: ignore[arg-type]
                      unit=unit, confidence=round(confidence, 3))


_POLAR = re.compile(r"^\s*(is|are|was|were|does|do|did|has|have|can|could|should|would|will|any)\b", re.IGNORECASE)
_SMALLER = re.compile(r"\b(smaller|less|lower|fewer|lighter)\b", re.IGNORECASE)
_LARGER = re.compile(r"\b(larger|bigger|greater|more|heavier|higher)\b", re.IGNORECASE)
_BURDEN = re.compile(r"\b(lesions?|burden|load|disease|tumou?rs?|masse?s?|cysts?)\b", re.IGNORECASE)


def _wording(text: str, ents: Entities, choice_set: ChoiceSet | None) -> dict[str, Any]:
    """What the wording adds to the task: polarity of the sentence, sides, sub-segments, comparison, subject."""
    first = re.split(r"(?<=\?)\s+", text.strip(), maxsplit=1)[0]
    locations = [f"liver_segment_{n}" for n in ents.liver_segments] + [f"pancreas_{p}" for p in ents.pancreas_parts]
    comparison = "smaller" if _SMALLER.search(text) else "larger" if _LARGER.search(text) else None
    alternatives = re.search(r"\bor\b", first) and not re.search(r"\bor (not|no|absent|none)\b", first, re.IGNORECASE)
    polar = (choice_set.form == "yes_no") if choice_set is not None else bool(_POLAR.match(first) and not alternatives)
    return {"polar": polar, "sides": list(ents.sides), "locations": list(dict.fromkeys(locations)),
            "comparison": comparison, "lesion_burden": bool(_BURDEN.search(text)),
            "by_volume": bool(re.search(r"\b(volume|load|burden)\b", text, re.IGNORECASE))}


def is_negated(question: str | None) -> bool:
    """Whether a yes/no question asks the negative proposition ("Is the liver free of masses?").

    "Is there any lesion?" and "present or absent?" are not negated; "Is the spleen not enlarged?" is.
    A leading contraction ("Isn't there a lesion?") asks the positive proposition, as speakers mean it.
    """
    low = " ".join((question or "").lower().split())
    if re.search(_EITHER_POLARITY, low):
        return False
    return bool(re.search(_NEGATIVE_POLARITY, low))


def _penalise(scores: dict[str, float], tasks: Iterable[str], amount: float) -> None:
    for task in tasks:
        if task in scores:
            scores[task] -= amount


def _boost(scores: dict[str, float], task: str, amount: float) -> None:
    if task in scores:
        scores[task] += amount


def _gate(scores: dict[str, float], low: str, ents: Entities, choice_set: ChoiceSet | None,
          forms: dict[str, str], units: dict[str, str | None]) -> None:
    """Clinical constraints the embedder does not know, as score moves.

    - no lesion word, no lesion task (and a lesion word weakens organ-only tasks);
    - a knowledge question needs a generic cue (threshold, criteria, normal range) and loses to a
      question about this patient;
    - counting by location needs a location, an aggregation two organs or a summing word, a
      comparison of kidneys both sides, a burden comparison two organs;
    - choices constrain the form: numbers are not categories, categories are not numbers.
    """
    options = " ".join(o.text.lower() for o in choice_set.options) if choice_set is not None else ""
    lesion_named = bool(re.search(LESION_WORDS, low) or re.search(LESION_WORDS, options))
    if not lesion_named:
        _penalise(scores, LESION_TASKS, 0.25)
    else:
        _penalise(scores, ORGAN_TASKS, 0.1)
    general = bool(re.search(_GENERAL, low) or re.search(_RULE_QUERY, low))
    if not general:
        _penalise(scores, (KNOWLEDGE,), 0.3)
    elif re.search(_PATIENT, low) or re.match(_IMPERATIVE, low):
        _penalise(scores, (KNOWLEDGE,), 0.2)
    else:
        _boost(scores, KNOWLEDGE, 0.1)
    located = bool(ents.location or ents.sides or re.search(_LOCATION, low))
    _penalise(scores, ("lesion counting",) if located else ("lesion count by location",), 0.12)
    if not re.search(r"\b(how many|number|numbers|count\w*|tally|enumerate|quantity of)\b", low):
        _penalise(scores, ("lesion counting", "lesion count by location"), 0.15)
    organs = [o for o in dict.fromkeys(_family(s) for s in ents.structures)]
    if len(ents.structures) < 2 and not re.search(_AGGREGATE, low):
        _penalise(scores, ("organ aggregation",), 0.2)
    both_kidneys = (len(ents.sides) >= 2 or re.search(r"\b(which|either|both|two|each|bilateral|other|sides?|"
                                                      r"left or right|right or left|kidneys)\b", low))
    if not both_kidneys:
        _penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.15)
    lesion_organs = [o for o in organs if o in LESION_GROUP]
    burden_asked = re.search(r"\b(burden|load|more|most|heaviest|greatest|highest|involved|affected|share|"
                             r"proportion\w*|percent\w*|fraction)\b", low)
    if (len(lesion_organs) >= 2 and lesion_named) or re.search(r"\borgans\b", low) or (
            re.search(r"\b(which|what) organ\b", low) and burden_asked):
        _boost(scores, "multi-organ lesion burden comparison", 0.12)
    elif organs:
        _penalise(scores, ("multi-organ lesion burden comparison",), 0.15)
    sides_compared = re.search(r"\b(which|more|most|greater|heavier|worse|larger|bigger|smaller|a?symmetr\w*|one side|"
                               r"the other|predominant\w*|unequal\w*|uneven\w*|versus|vs|differ\w*|compar\w*)\b|"
                               r"\b(left|right) or (the )?(left|right)\b", low)
    if not sides_compared:
        _penalise(scores, ("kidney volume comparison", "bilateral kidney asymmetry"), 0.15)
    elif organs == ["kidney"] and both_kidneys and lesion_named and not ents.largest:
        _boost(scores, "bilateral kidney asymmetry", 0.12)
        if re.search(r"\b(burden|load|more|most|greater|heavier|worse|affected|involved)\b", low):
            _boost(scores, "bilateral kidney asymmetry", 0.08)
    if not ents.largest:
        _penalise(scores, ("largest lesion location",), 0.06)
    if not re.search(r"\b(where|which|locat\w*|locali[sz]\w*|lies?|lying|sits?|situated|found|segments?|parts?|sides?|lobes?|portions?|"
                     r"regions?|in what)\b", low):
        _penalise(scores, ("largest lesion location",), 0.12)
    if not re.search(r"ratio|divid|index|l/s|p/s|spleen|relative to|versus|\bvs\b|(?m:^(?>.*?\bto\b).*?\b(hu|attenuation|density))", low):
        _penalise(scores, ("organ HU ratio",), 0.12)
    if not re.search(r"characteri|categor|bosniak|\b(type|kind|nature|suggest\w*|likely|classif\w*|simple|"
                     r"indeterminate|fat\w*|what is it)\b", f"{low} {options}"):
        _penalise(scores, ("renal mass characterization",), 0.12)
    if not re.search(r"\b(type|kind|nature|cysts?|cystic|solid|classif\w*|what is it|benign|malignan\w*)\b",
                     f"{low} {options}"):
        _penalise(scores, ("lesion type classification",), 0.12)
    if not re.search(r"\b(diameter|long|longest|length|size|across|axis|wide|widest|width|dimension\w*|extent|mm|cm|"
                     r"millimet\w*|centimet\w*|measure\w*|big|large|span\w*)\b", low) and not (choice_set and choice_set.unit
                                                                                   in ("mm", "cm")):
        _penalise(scores, ("largest lesion diameter",), 0.1)
    if ents.largest and re.search(r"\bwhere\b|\blocali[sz]\w*|\blocated\b|\blocation\b", low):
        _boost(scores, "largest lesion location", 0.1)
    if not re.search(r"stag\w*|\bt ?[0-4]\b|\bt (stage|category)|ajcc|tnm", f"{low} {options}"):
        _penalise(scores, ("pancreatic tumor staging",), 0.12)
    if re.search(r"\b(which|what) organ\b", low) and not organs:
        _penalise(scores, ("tumor burden percentage", "lesion volume measurement"), 0.1)
        if burden_asked:
            _boost(scores, "multi-organ lesion burden comparison", 0.08)
    definite = re.search(r"\bthe (\w+ ){0,2}(lesions?|tumou?rs?|mass(es)?|cysts?|nodules?)\b", low)
    if definite and not re.search(r"\b(there|any|present|presence|seen|visible|evidence|contains?|shows?|have|has|"
                                  r"harbou?rs?|identif\w*|free|detect\w*|exists?|find|see)\b", low):
        _penalise(scores, (t for t in forms if t.endswith("existence")), 0.1)
    if re.search(_NUMERIC_ASK, low) and re.search(r"\bdiffer\w*", low):
        _penalise(scores, ("largest lesion attenuation",), 0.1)
    elif re.search(r"\b(type|kind|likely|diagnos\w*|characteri\w*|categor\w*|classif\w*|based on|by its|suggest\w*)\b",
                   low):
        _penalise(scores, ("largest lesion attenuation",), 0.08)  # attenuation is the evidence, not the ask
    elif lesion_named and re.search(r"\b(attenuat\w*|dens\w*|enhanc\w*)\b", low) and not re.search(_NUMERIC_ASK, low):
        _boost(scores, "largest lesion attenuation", 0.06)
    if not re.search(r"adjacent|border|next to|contact|touch|abut|neighbo|near|close|proxim|surround|invad|involv|"
                     r"\b(which|what) (other )?(organ|structure)|beside|alongside", low):
        _penalise(scores, ("adjacent organ",), 0.12)
    if re.search(r"\b(others|the rest|among|second|next largest)\b", low):
        _penalise(scores, (t for t in forms if t.endswith("existence")), 0.1)
    if not re.search(r"cluster|scatter|distribut|concentrat|spread|diffus|group|throughout|locali[sz]|confined|"
                     r"segments|multifocal|pattern", low):
        _penalise(scores, ("liver lesion clustering",), 0.12)
    if not re.search(r"enlarg|large|big|megaly|exceed|normal|swollen|size|upper limit|grade|sever", low):
        _penalise(scores, ("organ enlargement", "splenomegaly detection", "splenomegaly grading"), 0.12)
    if not re.search(r"attenuat|dens|hypo|hyper|iso\b|isoattenuat|dark|bright|enhanc|\bhu\b|hounsfield|appear|look|"
                     r"intensity|signal|grey|gray", f"{low} {options}"):
        _penalise(scores, ("largest lesion attenuation",), 0.12)
    if re.search(r"\b(how many|number of|count|counts)\b", low) and not re.match(r"\s*(is|are|does|do|has|have)\b", low):
        _penalise(scores, (t for t, form in forms.items() if form == "yes_no"), 0.1)
    if len(set(ents.liver_segments)) >= 2 or len(ents.pancreas_parts) >= 2:
        if re.search(r"\b(or|versus|vs|compared|than|which)\b", low):
            _boost(scores, "inter-segment comparison", 0.12)
    if not re.search(r"\b(slices?|axial|sections?|images?|levels?|z|cross-?sections?|frames?)\b", low):
        _penalise(scores, ("largest lesion slice",), 0.15)
    if re.search(r"\b(diameter|length|how long|how wide|width|axis)\b", low) and not re.search(r"\bslices?\b", low):
        _penalise(scores, ("largest lesion slice",), 0.12)
    if not re.search(r"pdac|p?nets?\b|adenocarcinoma|neuroendocrine|islet|\b(type|kind|likely|diagnos\w*|nature|"
                     r"resembl\w*|consistent|favou?r\w*|neoplasm)\b",
                     f"{low} {options}"):
        _penalise(scores, ("PDAC vs PNET classification",), 0.15)
    if not re.search(r"\b(resect\w*|surg\w*|operat\w*|operab\w*|remov\w*|excis\w*|whipple|pancreatectomy|"
                     r"observ\w*|surveil\w*|follow-?up)", low):
        _penalise(scores, ("pancreatic cyst resectability", "pancreatic lesion resectability"), 0.15)
    if re.match(r"\s*(what|which|where|how|in which|at which|on which|give|report|measure|compute|calculate|"
                r"estimate|name|list|describe|count)\b", low) and not re.search(r"\b(yes|or not)\b", low):
        _penalise(scores, (t for t, form in forms.items() if form == "yes_no"), 0.1)
    if re.search(r"\b(volume|cc|ml|cm3|cubic)\b|cm³", low) and not re.search(
            r"\b(diameter|across|axis|long\w*|wide|width|dimension|extent)\b", low):
        _penalise(scores, ("largest lesion diameter",), 0.1)
    asked = set(ents.units) | ({choice_set.unit} if choice_set is not None and choice_set.unit else set())
    asked = {"mm" if u == "cm" else u for u in asked} & {"mL", "HU", "%", "mm"}
    if asked:
        _penalise(scores, (t for t, unit in units.items() if forms.get(t) == "number" and unit in
                           {"mL", "HU", "%", "mm"} and unit not in asked), 0.1)
    if not re.search(r"\b(percent\w*|percentage|fraction|proportion|share|burden|occup\w*|replac\w*|ratio)\b|%", low):
        _penalise(scores, ("tumor burden percentage",), 0.12)
    if lesion_named and re.search(_NUMERIC_ASK, low) and re.search(r"\b(hu|hounsfield|attenuat\w*|densit\w*|"
                                                                  r"enhanc\w*|differ\w*)", low):
        _boost(scores, "tumor organ HU difference", 0.1)
    if re.search(r"\bcharacteri[sz]\w*|\bcategor\w*|\bbosniak\b", low):
        _boost(scores, "renal mass characterization", 0.1)
    if re.search(r"\b(nearest|closest|near|proximity|surrounding structure|in contact)\b", low):
        _boost(scores, "adjacent organ", 0.1)
    for pattern, task in _CATEGORY_LABELS:
        if options and re.search(pattern, options):
            _boost(scores, task, 0.15)
    if choice_set is not None and choice_set.form == "number":
        _penalise(scores, (t for t, spec_form in forms.items() if spec_form != "number"), 0.15)
    elif choice_set is not None:
        _penalise(scores, (t for t, spec_form in forms.items() if spec_form == "number"), 0.15)


def _organ_for(task: str, ents: Entities, default: str | None) -> str | None:
    structures = ents.structures
    if task == "organ HU ratio":
        non_spleen = [s for s in structures if s != "spleen"]
        return non_spleen[0] if non_spleen else default
    if task in ("portal hypertension assessment", "organ aggregation", "multi-organ lesion burden comparison"):
        return structures[0] if len(structures) == 1 and task == "portal hypertension assessment" else None
    if task in ("bilateral kidney asymmetry", "kidney volume comparison"):
        return "kidney"
    if task == REPORT:
        return None
    if not structures and ents.location:
        return ents.location.split("_")[0]  # `liver_segment_7` names the liver
    return structures[0] if structures else default


_LESION_OWN_HU = re.compile(r"\b(mean|average)\b.*\b(hu|hounsfield|attenuation|density|ct number)\b|"
                            r"\b(hu|hounsfield)\b.*\bvalue\b|\bmean ct density\b")
_DIFFERENCE = re.compile(r"\b(differ\w*|difference|compar\w*|relative|than|contrast|minus|versus|vs|between|"
                         r"hypo\w*|iso\w*|hyper\w*|brighter|darker)\b")
_RATIO_WORDS = re.compile(r"\b(ratio|divid\w*|index|l/s|p/s)\b|\bto[- ](spleen|right|left)\b")


def _refine(task: str, ents: Entities, low: str) -> str:
    """Settles tasks that differ only by entity: which organ, which lesion kind."""
    organ = _family(ents.organ)
    kinds = set(ents.lesion_kinds)
    if ents.lesion_kinds and _LESION_OWN_HU.search(low) and not _DIFFERENCE.search(low) and task in (
            "tumor organ HU difference", "largest lesion attenuation", "organ HU measurement", "organ HU ratio"):
        return "organ HU measurement"  # a lesion's own mean HU (its quantities: `_quantities`)
    if task == "organ HU ratio" and not _RATIO_WORDS.search(low):
        return "organ HU measurement"
    both_pancreatic = {"pdac", "pnet"} <= kinds
    if both_pancreatic and task not in (KNOWLEDGE, REPORT):
        return "PDAC vs PNET classification"
    existence = task.endswith("existence") or (task == "splenomegaly detection" and organ not in ("spleen", ""))
    if existence:
        if organ == "spleen":
            return "splenomegaly detection"
        if organ == "pancreas" or kinds & {"pdac", "pnet"}:
            return "PDAC existence" if "pdac" in kinds else "PNET existence" if "pnet" in kinds else "pancreatic lesion existence"
        if organ == "kidney":
            if re.search(r"\bor\b", low) and "cyst" in kinds and "tumor" in kinds:
                return "lesion type classification"
            return "kidney cyst existence" if "cyst" in kinds else "kidney tumor existence" if "tumor" in kinds else "kidney lesion existence"
        if organ == "liver":
            return "liver lesion existence"
        if organ == "colon":
            return "colon lesion existence"
    if task in ("organ enlargement", "splenomegaly detection"):
        return "splenomegaly detection" if organ in ("spleen", "") else "organ enlargement"
    if task == "splenomegaly grading" and organ == "liver":
        return "hepatic steatosis grading" if re.search(r"fat|steato", low) else task
    if task == "hepatic steatosis grading" and organ == "spleen":
        return "splenomegaly grading"
    return task


def _quantities(task: str, spec: _Task, organ: str | None, lesion: str | None, ents: Entities) -> list[str]:
    keys: list[str] = []
    if task == "organ aggregation":
        for s in ents.structures or ["kidney"]:
            keys += expand_quantities(("{organ}.volume_ml",), s, None)
    elif task == "multi-organ lesion burden comparison":
        organs = [o for o in ents.organs if o in LESION_GROUP] or ["liver", "kidney", "pancreas"]
        keys += [f"{LESION_GROUP[o]}.tumor_burden_pct" for o in organs]
    elif task == "organ HU measurement" and ents.lesion_kinds and organ:
        keys = [f"{LESION_GROUP.get(_family(organ), _family(organ) + '_lesion')}.largest_lesion_mean_hu"]
    elif task == "organ volume measurement" and _RATIO_WORDS.search(" ".join(ents.sides)) is None and \
            len(set(ents.sides)) == 2 and "kidney" in ents.organs and ents.ratio:
        keys = ["kidney_left/kidney_right.volume_ratio"]
    else:
        keys = expand_quantities(spec.quantities, organ, lesion)
        if task == "lesion volume measurement" and ents.total and not ents.largest:
            keys = [k.replace("largest_lesion_volume_ml", "total_lesion_volume_ml") for k in keys]
    return list(dict.fromkeys(keys))


def _asked_unit(ents: Entities, choice_set: ChoiceSet | None) -> str | None:
    if choice_set is not None and choice_set.unit in ("mL", "mm", "cm", "HU", "%"):
        return choice_set.unit
    for unit in ents.units:
        return unit
    return None


@functools.cache
def default_understanding() -> Understanding:
    """The shipped intent library over the shipped embedder, built once per process."""
    return Understanding()


def understand(question: str | None, choices: dict[str, str] | None = None,
               hint_subtype: str | None = None) -> Intent:
    """What a question asks: task, organ, lesion group, quantity keys, answer form, unit.

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
