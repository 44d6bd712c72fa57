"""The structure stated nearest to a lesion is the nearest one measured (`knowledge.nearest`, as the reasoner)."""

from __future__ import annotations

from agents.review_checks.base import ReviewInput, failed, numeric, passed
from core.case import Check
from knowledge.nearest import nearest_choice
from questions.intents import locations_of, structures_named


def nearest_grounding(review: ReviewInput) -> Check | None:
    """For "which structure lies closest to the lesion": the answer's option is the nearest measured one.

    Returns None when no distance was measured (the adjacency check applies instead).
    """
    name = "rule_grounding"
    lesion = f"{review.intent.lesion}_1"
    item = review.by_key.get(f"{lesion}.nearest_structure")
    resolution = float(getattr(item.provenance, "resolution_mm", None) or 0.0) if item is not None else 0.0
    distances = {k.split(".", 1)[0]: e for k, e in review.by_key.items() if k.endswith(f".distance_from_{lesion}_mm")}
    answer = review.answer
    if item is None or not distances or not resolution or answer is None:
        return None
    if not (review.choices and answer.choice):
        stated = set(structures_named(review.claim_text))
        if stated and item.value not in stated:
            return failed(name, f"states {sorted(stated)!r}, but the nearest measured structure is {item.value!r}",
                          "reasoner", [item.id])
        support = {item.id} | {distances[s].id for s in stated if s in distances}
        if stated and review.cited and not support & {e.id for e in review.cited}:
            return failed(name, f"states {sorted(stated)!r}, but cites neither the nearest structure measured nor a "
                                f"distance to it (it cites {', '.join(e.id for e in review.cited)})", "reasoner",
                          [item.id])
        return passed(name, f"states the nearest measured structure {item.value!r}", [item.id])
    from agents.reasoners.adjacency import NO_CONTACT_OPTION

    adjacent = review.by_key.get(f"{lesion}.adjacent_organs")
    touching = {p.strip() for p in str(adjacent.value if adjacent is not None else "").split(",")} - {"", "none"}
    if adjacent is not None and NO_CONTACT_OPTION.match(review.choices.get(answer.choice, "")):  # "None (no direct
        if touching:  # contact with another organ)": right when no organ lies within the adjacency distance
            return failed(name, f"says the lesion touches no organ, but {adjacent.value} lie(s) within the adjacency "
                                "distance", "reasoner", [adjacent.id])
        return passed(name, "no organ lies within the adjacency distance, as the option chosen says", [adjacent.id])
    offered = {letter: text for letter, text in review.choices.items() if not NO_CONTACT_OPTION.match(text)}
    # "None - no other organ is in contact", not chosen: no structure to measure, and not the answer
    if any(not structures_named(text) for text in offered.values()):
        return failed(name, "an option names no structure clinorch knows, so its distance is unknown", "reasoner")
    by_letter: dict[str, float | None] = {}
    for letter, text in offered.items():
        found = [numeric(distances[s]) for s in structures_named(text) if s in distances]
        by_letter[letter] = min((d for d in found if d is not None), default=None)
    expected = nearest_choice(by_letter, resolution)
    ids = [e.id for e in distances.values()]
    if expected is None:
        in_contact = [letter for letter, text in review.choices.items() if set(structures_named(text)) & touching]
        if in_contact == [answer.choice]:  # the one option in contact (the reasoner's `_adjacent`, when the
            return passed(name, f"option {answer.choice!r} is the one option in contact with the lesion "  # distances
                                f"({adjacent.value})", [adjacent.id, *ids])  # type: ignore[union-attr]  # cannot rank)
        return failed(name, f"the options' measured distances {by_letter!r} do not tell the nearest apart at "
                            f"{resolution:g} mm", "reasoner", ids)
    if expected != answer.choice:
        return failed(name, f"option {answer.choice!r} is not the nearest: {expected!r} ({review.choices[expected]!r}) "
                            f"is, by {by_letter!r} mm", "reasoner", ids)
    return passed(name, f"option {expected!r} is the nearest measured structure", ids)


def subsegment_grounding(review: ReviewInput) -> Check:
    """For "which sub-segment is largest (smallest)": the stated one has the largest (smallest) measured volume."""
    name = "rule_grounding"
    answer = review.answer
    assert answer is not None
    offered = " ; ".join((review.choices or {}).values()) or review.question or ""
    volumes = {p: numeric(review.by_key[f"{p}.volume_ml"]) for p in locations_of(offered)
               if f"{p}.volume_ml" in review.by_key and not p.startswith("kidney_")}
    measured = {p: v for p, v in volumes.items() if v is not None}
    if len(measured) < 2:
        return failed(name, f"fewer than two of the sub-segments asked have a measured volume ({sorted(volumes)!r})",
                      "measurement")
    pick = min if review.intent.comparison == "smaller" else max
    best = pick(measured.values())
    winners = [p for p, v in measured.items() if v == best]
    chosen = (review.choices or {}).get(answer.choice or "") or review.claim_text
    stated = [p for p in locations_of(chosen) if p in measured]
    headline = [p for p in locations_of(review.headline) if p in measured] if not review.choices else []
    if headline and len(stated) > len(headline):
        stated = headline  # "Body. pancreas head volume 13.7 mL; ...": the part named first, its reasons listing all
    ids = [review.by_key[f"{p}.volume_ml"].id for p in measured]
    if len(winners) > 1 or stated != winners:
        return failed(name, f"states {stated!r}, but the measured volumes {measured!r} mL make {winners!r} the "
                            f"{'smallest' if pick is min else 'largest'}", "reasoner", ids)
    return passed(name, f"{winners[0]!r} has the {'smallest' if pick is min else 'largest'} measured volume", ids)
