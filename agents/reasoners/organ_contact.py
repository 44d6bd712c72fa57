"""Which structure touches an organ: the organ's measured contacts (`agents.measures.contact`), never a lesion's.

"Which structure is in direct contact with the left kidney (no separating voxel)?" is read on
`{organ}.adjacent_organs` (no voxel between them: the 26-neighbourhood); a distance the question states ("within
3 mm", "touching after a 1-voxel dilation") is read on each structure's `{structure}.distance_from_{organ}_mm` and
its dilation steps instead, through `knowledge.stated.organ_contacts`, the definition the reviewer re-checks with.
Exactly one option must touch: none or several is no answer.
"""

from __future__ import annotations

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, describe, distance_words, sentence, target_words
from knowledge.stated import contact_rule, organ_contacts
from questions.intents import structures_named


def organ_adjacent(task: ReasonerInput) -> Draft:
    """The option naming the one structure in contact with the question's organ; without options, every one."""
    organ = task.intent.organ or ""
    stated = contact_rule(task.intent.stated_thresholds)
    known = task.by_key()
    try:
        contacts = organ_contacts(known, organ, stated)
    except KeyError:
        raise InsufficientEvidence(f"the contacts of the {target_words(organ)} were not measured",
                                   missing=[f"{organ}.adjacent_organs"], agent="measurement") from None
    rule = "no separating voxel" if stated is None else \
        f"within {stated[0]:g} {'one-voxel dilations' if stated[1] == 'voxel' else 'mm'}"
    said = ", ".join(target_words(n) for n in contacts) or "none"
    cited = list({e.id: e for e in contacts.values()}.values()) or [known[f"{organ}.adjacent_organs"]]
    if task.choice_set is None or task.choice_set.form != "category":
        return Draft("category", said, f"in contact with the {target_words(organ)} ({rule}): {said}",
                     [e.id for e in cited], label=said)
    hits = {o.letter: o.text for o in task.choice_set.options
            if set(structures_named(o.text)) & set(contacts)}
    if len(hits) != 1:
        raise InsufficientEvidence(f"structures in contact with the {target_words(organ)} ({rule}): {said}; "
                                   f"{'several' if hits else 'none'} of the options", agent="reasoner")
    text = next(iter(hits.values()))
    own = [known[k] for s in structures_named(text)
           if (k := f"{s}.distance_from_{organ}_mm") in known]
    listed = known.get(f"{organ}.adjacent_organs")
    statement = "; ".join([*([describe(listed)] if listed is not None and stated is None else []),
                           *(distance_words(e) for e in own)])
    return Draft("category", text, f"in contact with the {target_words(organ)} ({rule}). {sentence(statement)}",
                 list(dict.fromkeys([*(e.id for e in cited), *(e.id for e in own)])), label=text)


__all__ = ["organ_adjacent"]
