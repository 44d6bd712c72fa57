"""Which structure a lesion touches or lies nearest to, read from the measured adjacency and distances (the answers
of the "adjacent organ" task; `handlers.location` calls them)."""

from __future__ import annotations

import re

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, distance_words, number, sentence, target_words
from core.case import Evidence
from questions.intents import structures_named

NO_CONTACT_OPTION = re.compile(r"^\s*(?:none\b|no (?:other |adjacent |neighbouring |neighboring )?(?:organs?|structures?)\b|"
                               r"no (?:direct )?contact\b|not (?:in contact|adjacent)\b)", re.IGNORECASE)
"""An option saying the lesion touches no organ ("None (no direct contact with another organ)", "No adjacent organ")."""


def _adjacent(task: ReasonerInput, item: Evidence) -> Draft:
    """The neighbour the options name among the organs the measurement found within its adjacency distance."""
    measured = [part.strip() for part in re.split(r"[,;]", str(item.value)) if part.strip() and part.strip() != "none"]
    untouched = [o.text for o in task.choice_set.options if NO_CONTACT_OPTION.match(o.text)] \
        if task.choice_set is not None else []
    if not measured and len(untouched) == 1:  # "A. None (no direct contact with another organ)"
        return Draft("category", untouched[0], f"{describe(item)}: no organ lies within the adjacency distance of the "
                     "lesion", [item.id], label=untouched[0])
    if not measured:
        raise InsufficientEvidence(f"{describe(item)}: no organ lies within the adjacency distance of the lesion",
                                   agent="measurement")
    choice_set = task.choice_set
    names = {m: target_words(m) for m in measured}
    if choice_set is not None and choice_set.form == "category":
        hits: dict[str, str] = {}
        for option in choice_set.options:  # an option names an adjacent organ (canonical AbdomenAtlas names)
            named = set(structures_named(option.text))
            for organ in measured:
                if organ in named:
                    hits.setdefault(option.letter, option.text)
        if len(hits) > 1:
            raise InsufficientEvidence(f"{describe(item)}: several options are adjacent ({sorted(hits.values())!r})",
                                       agent="reasoner")
        if hits:
            text = next(iter(hits.values()))
            return Draft("category", text, f"{describe(item)} (organs within the measurement's adjacency distance)",
                         [item.id], label=text)
        raise InsufficientEvidence(f"{describe(item)}: none of the options is among the adjacent organs", agent="reasoner")
    label = ", ".join(names.values())
    return Draft("category", label, describe(item), [item.id], label=label)


def _nearest(task: ReasonerInput, item: Evidence) -> Draft | None:
    """The option naming the structure nearest to the lesion (`knowledge.nearest`, as the reviewer applies it);
    None when the distances do not settle it.
    """
    from knowledge.nearest import nearest_choice

    resolution = float(getattr(item.provenance, "resolution_mm", None) or 0.0)
    choice_set = task.choice_set
    if not resolution or item.value is None:
        return None
    known = task.by_key()
    if choice_set is None or choice_set.form != "category":
        own = known.get(f"{item.value}.distance_from_{item.target}_mm")
        label = target_words(str(item.value))
        said = (f"nearest structure to the {target_words(str(item.target))}. {sentence(distance_words(own))}" if own
                else describe(item))
        return Draft("category", label, said, [item.id, *([own.id] if own else [])], label=label)
    if any(not structures_named(o.text) for o in choice_set.options):
        return None  # an option naming no structure we know: its distance is unknown, not beyond reach
    by_option = option_distances(known, str(item.target), {o.letter: o.text for o in choice_set.options})
    best = nearest_choice({letter: number(e) if e else None for letter, e in by_option.items()}, resolution)
    if best is None:
        return None
    chosen = by_option[best]
    count = known.get(f"{re.sub(r'_[0-9]+$', '', str(item.target))}.lesion_count")
    if chosen is not None and number(chosen) > PREDICTED_CONTACT * resolution and ANY_LESION.search(task.question or "") \
            and count is not None and number(count) > 1:
        return None  # "A focal liver lesion touches which organ?" of several lesions: the largest one's nearest option
        # 13.8 mm away is not what any lesion touches (suite AM: a smaller lesion touched the stomach); only contact
        # (`_adjacent`) answers
    if chosen is not None and number(chosen) > PREDICTED_CONTACT * resolution and _segmented_lesions(task, str(item.target)):
        return None  # a lesion a segmenter drew, its nearest option not touching it: neither is placed to the
        # millimetre (suite AG predicted: 4 of 5 such answers wrong), so only contact (`_adjacent`) answers
    text = next(o.text for o in choice_set.options if o.letter == best)
    cited = sorted((e for e in by_option.values() if e is not None), key=number)
    statement = "; ".join(distance_words(e) for e in cited) + ("; the other options lie beyond the measured reach"
                                                               if len(cited) < len(by_option) else "")
    return Draft("category", text, f"nearest of the options to the {target_words(str(item.target))}. {sentence(statement)}",
                 [item.id, *(e.id for e in cited)], label=text)


ANY_LESION = re.compile(r"(?:^|[.?!]\s+)\s*(?:an?|any|one|some)\s+(?:\w+\s+){0,2}?(?:lesions?|tumou?rs?|masse?s?|"
                        r"metasta\w*|nodules?|cysts?)\b", re.IGNORECASE)
"""A lesion asked of indefinitely ("A focal liver lesion touches which organ?"): any of them, not the largest one."""
PREDICTED_CONTACT = 2.0
"""Voxels within which a segmented lesion's nearest option counts as touching it (its drawn edge's uncertainty)."""


def _segmented_lesions(task: ReasonerInput, lesion: str) -> bool:
    """Whether the lesion's masks came from a segmenter (not provided with the case)."""
    from core.anatomy import LESION_GROUPS

    group = re.sub(r"_\d+$", "", lesion)
    masks = next((g.all_masks for g in LESION_GROUPS if g.name == group), ())
    backends = {str(e.provenance.get("backend")) for e in task.evidence
                if e.kind == "segmentation" and e.name == "present" and e.target in masks and e.value}
    return bool(backends - {"provided", "None"})


def option_distances(known: dict[str, Evidence], lesion: str, options: dict[str, str]) -> dict[str, Evidence | None]:
    """Option letter -> the measured distance of the structure it names from the lesion (None beyond reach)."""
    out: dict[str, Evidence | None] = {}
    for letter, text in options.items():
        found = [known[k] for s in structures_named(text)
                 if (k := f"{s}.distance_from_{lesion}_mm") in known]
        out[letter] = min(found, key=number, default=None)
    return out
