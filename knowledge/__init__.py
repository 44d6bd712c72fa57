"""The clinical knowledge base: cited criteria with thresholds as data, and their loader.

>>> import knowledge
>>> base = knowledge.load_base()                      # profile "deeptumorvqa"
>>> entry = knowledge.find_criterion(base, "splenomegaly grading")
>>> entry.classify({"spleen.volume_ml": 420.0}).label
'mild'
"""

from knowledge.criteria import GENERIC_TARGETS, Band, Combine, Criterion, Inclusive, Match, Rule, Scale, Unit
from knowledge.entry import Classification, KnowledgeEntry, Source
from knowledge.errors import (
    AmbiguousCriterionError,
    CriterionNotFoundError,
    DuplicateEntryError,
    EntryFormatError,
    KnowledgeError,
    MissingQuantityError,
    OutOfRangeError,
    UnknownProfileError,
)
from knowledge.loader import (
    ALL_PROFILES,
    DEFAULT_PROFILE,
    KnowledgeBase,
    builtin_dir,
    load_base,
    load_document,
    profiles,
    select_profile,
    shared_base,
)
from knowledge.lookup import find_criteria, find_criterion, organ_family
from knowledge.needs import criteria_for, criterion_evidence, describe, quantity_phrase, queries_for
from knowledge.subtypes import DEEPTUMORVQA_SUBTYPES

__all__ = [
    "ALL_PROFILES",
    "DEEPTUMORVQA_SUBTYPES",
    "DEFAULT_PROFILE",
    "GENERIC_TARGETS",
    "AmbiguousCriterionError",
    "Band",
    "Classification",
    "Combine",
    "Criterion",
    "CriterionNotFoundError",
    "DuplicateEntryError",
    "EntryFormatError",
    "Inclusive",
    "KnowledgeBase",
    "KnowledgeEntry",
    "KnowledgeError",
    "Match",
    "MissingQuantityError",
    "OutOfRangeError",
    "Rule",
    "Scale",
    "Source",
    "UnknownProfileError",
    "Unit",
    "builtin_dir",
    "criteria_for",
    "criterion_evidence",
    "describe",
    "quantity_phrase",
    "queries_for",
    "find_criteria",
    "find_criterion",
    "load_base",
    "load_document",
    "organ_family",
    "profiles",
    "select_profile",
    "shared_base",
]
