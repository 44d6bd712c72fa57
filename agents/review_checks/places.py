"""Places and comparisons: the location, neighbour, larger side, organ or segment stated is the measured one.

Split from `rules` (rule grounding dispatches here for location and comparison tasks); a headline that
denies any lesion ("No tumour") while a lesion is measured is a finding too.
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, passed, verdicts
from agents.review_checks.held_places import held_places
from agents.review_checks.lesion_places import LOBE
from agents.review_checks.nearest import nearest_grounding
from agents.review_checks.polarity import answers, claims_finding
from agents.review_checks.stated import stated_asymmetry
from core.case import Check
from questions.intents import extract, locations_of, structures_named
from questions.intents.answers import larger_side

DENIES_LESION = re.compile(r"\s*(none|(there (is|are) )?no|not any)(\s+\w+)?\s+(tumou?rs?|lesions?|mass(es)?|cysts?|nodules?)"
                           r"(\s+(is|are) (present|seen|found))?\s*[.!]?\s*|\s*none\s*[.!]?\s*", re.IGNORECASE)
"""A headline that says no lesion exists ("No tumour", "None")."""
LESION_DENIED_LEAD = re.compile(r"^\s*(?:there (?:is|are) )?(?:no|not any)\s+(?:[\w-]+\s+){0,2}(?:lesions?|tumou?rs?|"
                                r"masse?s?|cysts?|nodules?)\b", re.IGNORECASE)
"""A headline that begins by saying the lesion is not there, whatever follows ("No pancreatic lesion - resectability
does not apply", "There is no tumour"); unlike `DENIES_LESION`, no bare "None" (an option "None (no direct contact)")."""
EQUAL_BURDEN = re.compile(r"\b(?:equal(?:ly)?|the same|same|similar|tied?|identical|comparable)\b", re.IGNORECASE)
"""Words saying several organs carry one burden ("the pancreas and kidneys carry an equal lesion burden")."""




def _places(text: str) -> set[str]:
    text = LOBE.sub(" ", text)
    found = set(locations_of(text))
    structures = set(structures_named(text))
    return found | {s for s in structures if not (s == "kidney" and any(p.startswith("kidney_") for p in found))}


PART_VALUE_LINE = re.compile(r"\s*(?:[-*•]\s*)?[A-Za-z][\w ]{0,30}(?::\s*[-\d.]+\s*(?:ml|mm|%|cm³|cm3|lesions?)?|\s+[-\d.]+\s*"
                             r"(?:ml|mm|%|cm³|cm3|lesions?))\s*[;,.]?\s*$", re.IGNORECASE)
"""A list line giving one part's value ("- Head: 1.0 mL", "Tail 2.3 mL"): a breakdown, not the answer's verdict; a place
named alone ("Segment 7") is the verdict."""
REASONS_LINE = re.compile(r"^\W*(?:basis|reasons?|reasoning|rationale|because|evidence|why|supporting data)\b", re.IGNORECASE)
"""A line giving the answer's reasons ("- Basis: count in segment 1: 0; ..."): never its verdict."""


def place_grounding(review: ReviewInput) -> Check:
    """The location (or neighbour) stated is the one measured on the largest lesion."""
    name = "rule_grounding"
    if review.intent.task == "adjacent organ" and review.intent.lesion is None and review.intent.organ:
        from agents.review_checks.organ_contact import organ_contact_grounding

        return organ_contact_grounding(review)  # the organ's own neighbours, no lesion asked
    if review.intent.task == "adjacent organ" and (nearest := nearest_grounding(review)) is not None:
        return nearest
    which = "adjacent_organs" if review.intent.task == "adjacent organ" else "location"
    item = review.by_key.get(f"{review.intent.lesion}_1.{which}")
    if item is None:
        return passed(name, "no measured place to compare with")
    if DENIES_LESION.fullmatch(review.headline):
        return failed(name, f"says there is no lesion, but the largest lesion is measured at {item.value!r}",
                      "reasoner", [item.id])
    stated, measured = _places(review.headline), _places(str(item.value))
    if not (review.intent.lesion or "").startswith("kidney"):  # "in the upper right part of the liver": no kidney
        stated -= {"kidney_left", "kidney_right"}
    if review.answer is not None and review.answer.choice and review.choices:  # "B — Body, with extension into the
        stated |= _places(review.choices.get(review.answer.choice, ""))  # head": the option chosen is a place stated
    stated = {s for s in stated if not any(o != s and o.startswith(f"{s}_") for o in stated)}  # "Left kidney (largest
    # kidney lesion organ: kidney_left)": the generic "kidney" beside the side named is that side
    spread = held_places(review, stated) if which == "location" else None
    if spread is not None:
        return failed(name, spread, "reasoner", [item.id])
    if which == "location" and (mostly := _mostly_elsewhere(review)) is not None:
        return failed(name, mostly, "reasoner", [item.id])
    if which == "location" and (every := review.by_key.get(f"{review.intent.lesion}_1.locations")) is not None:
        measured |= _places(str(every.value))  # a lesion across sub-segments is located in each (`held_places`)
    organ = review.by_key.get(f"{review.intent.lesion}_1.organ")
    if which == "location" and not measured and organ is not None and isinstance(organ.value, str):
        item, measured = organ, _places(organ.value.replace("_", " "))  # a kidney lesion's place is its kidney
    if stated and measured and not stated <= measured:
        return failed(name, f"states {sorted(stated)!r}, but {item.id!r} is {item.value!r}", "reasoner", [item.id])
    elsewhere = ("adjacent_organs", "nearest_structure") if which == "location" else ()  # a neighbour is no place
    if stated and review.cited and not any(PLACE_ITEM.match(e.name) and e.name not in elsewhere for e in review.cited):
        return failed(name, f"states {sorted(stated)!r}, but cites no measured place of a lesion (it cites "
                            f"{', '.join(e.id for e in review.cited)})", "reasoner", [item.id])
    return passed(name, f"stated place agrees with {item.id!r}", [item.id])


PLACE_ITEM = re.compile(r"(?:location|locations|organ|adjacent_organs|nearest_structure|largest_lesion_location|lesion_count|"
                        r"(?:count|volume|share)_in_\w+|\w*_pct)$")
"""Items that say where a lesion lies: its place, its organ, a sub-segment's count or share of it."""


SET_AGAINST = r"vs\.?|versus|than|compared (?:with|to)|against|then|followed by"
"""Words after which an answer names what it sets its finding against, not the finding ("Right kidney (2 cysts vs 1
tumour on the left)")."""
SIDE_LARGER = re.compile(r"\b(left|right)(?: kidney)? (?:is|was|appears|measures) (?:the |slightly |much )?"
                         r"(larger|bigger|smaller|greater|lesser)\b")


SIDE_FIELD = re.compile(r"\s*(?:the\s+)?(left|right)(?:\s+kidney)?(?:\s+volume)?\s*[:=]\s*[\d.]+\s*(?:ml|cc|cm³|l)?\s*$",
                        re.IGNORECASE)
"""A list's field giving one side's value ("Left kidney: 89.1 mL"): the first of a list, not the side chosen."""


EQUAL_SIZE = re.compile(r"\s*(?:[a-d][.)]?\s*[-–—:]?\s*)?(?:both (?:kidneys )?(?:are )?(?:about |roughly |approximately |"
                        r"essentially )?(?:equal|the same)|equal\b|(?:the )?same size|neither\b|identical\b|no difference\b)",
                        re.IGNORECASE)
"""An answer or option saying two kidneys are the same size ("Both equal", "Same size", "Neither", "Both kidneys are
about the same size")."""


def _other_side_named(review: ReviewInput, headline: str, larger: str, smaller: str) -> str | None:
    """Why the kidney the answer names (its chosen option's, else its headline's one side) is not the one the
    question asks for: the smaller when it asks "Which kidney is smaller?" (`Intent.comparison`), else the larger;
    None when it names the side asked, both sides or none."""
    asked = "smaller" if review.intent.comparison == "smaller" else "larger"
    wanted = smaller if asked == "smaller" else larger
    option = larger_side(review.chosen_option).lower()  # "Asymmetric: right kidney much smaller": the left is larger
    headline = larger_side(headline)
    for text in (option, headline):
        if text is headline and SIDE_FIELD.match(re.split(r"[;\n]", review.claim_text, maxsplit=1)[0]):
            return None  # "- Left kidney: 89.1 mL / - Right kidney: ...": a value listed per side, no side chosen
        named = {side for side in ("left", "right") if re.search(rf"\b{side}\b", text)}
        if len(named) == 1 and named != {wanted}:
            said = f"option {review.answer.choice!r} names" if text is not headline else "says"  # type: ignore[union-attr]
            return f"{said} the {next(iter(named))} kidney, but the question asks which is {asked}: the {wanted} kidney"
        if named:
            return None
    return None


def comparison_grounding(review: ReviewInput) -> Check:
    """The larger side, organ or segment stated is the larger one measured."""
    name = "rule_grounding"
    task = review.intent.task
    stated = stated_asymmetry(review)
    if stated is not None:
        return stated
    headline = review.headline.lower()
    burden = {e.provenance.location: float(e.value) for e in review.cited
              if e.target == "kidney_lesion" and e.name.startswith("volume_in_kidney_") and isinstance(e.value, int | float)}
    if task == "bilateral kidney asymmetry" and len(burden) == 2:
        left, right = burden["kidney_left"], burden["kidney_right"]
        heavier = None if left == right else "left" if left > right else "right"
        ahead = re.split(rf"\b(?:{SET_AGAINST})\b", headline, maxsplit=1)[0]
        before = ahead.split("(", 1)[0]  # "Right kidney (kidney lesion volume in kidney left: 0.0 mL; ...)": the
        ahead = before if re.search(r"\b(left|right)\b", before) else ahead  # bracket gives the measures, not the side
        stated_sides = {side for side in ("left", "right") if re.search(rf"\b{side}\b", ahead)}  # "Right kidney (2
        # cysts vs 1 tumour on the left)": the side set against it is not the side stated
        option = review.chosen_option
        if not stated_sides:  # "B. Right: two cysts there": the option chosen names the side, its words are the claim
            stated_sides = {side for side in ("left", "right") if re.search(rf"\b{side}\b", option.lower())}
        if heavier is None and re.search(r"\b(neither|symmetric\w*|no (?:asymmetry|difference)|equal|balanced)\b", before) \
                and not re.search(r"\b(left|right)\b", before):
            return passed(name, "both kidneys carry the same lesion volume, and symmetry is stated")  # "Neither (symmetric)
            # - no renal lesion on either side (0 mL left, 0 mL right)": the sides named with their values, none chosen
        if heavier is None and stated_sides:
            return failed(name, f"names the {' and '.join(sorted(stated_sides))} side, but both kidneys carry "
                                f"{left:g} mL of lesion", "reasoner")
        if heavier is not None and stated_sides != {heavier}:
            return failed(name, f"the {heavier} kidney carries more lesion volume ({left:g} vs {right:g} mL)", "reasoner")
        return passed(name, "the side with more lesion volume is stated")
    if task in ("kidney volume comparison", "bilateral kidney asymmetry"):
        left, right = review.number("kidney_left.volume_ml"), review.number("kidney_right.volume_ml")
        if left is None or right is None:
            return passed(name, "kidney volumes not both measured")
        larger = "left" if left > right else "right"
        smaller = "right" if larger == "left" else "left"
        option = larger_side(review.chosen_option or "").lower()  # "A. Right kidney is larger" chosen for the left
        option_sides = set(re.findall(r"\b(left|right)\b(?=[^.;]*\blarger\b)", option))
        if task == "kidney volume comparison" and review.intent.comparison != "smaller" and len(option_sides) == 1 \
                and option_sides != {larger} and round(left, 1) != round(right, 1):
            return failed(name, f"option {review.answer.choice!r} names the {next(iter(option_sides))} kidney larger, "  # type: ignore[union-attr]
                                f"but the {larger} kidney is larger ({left:.1f} vs {right:.1f} mL)", "reasoner")
        said = claims_finding(review, headline)
        if said is not None:
            sides = review.intent.sides
            if not sides:
                return passed(name, "no side named in the question")
            asks_smaller = review.intent.comparison == "smaller"
            expected = (sides[0] == larger) != asks_smaller
            if said != expected:
                return failed(name, f"{answers(review, said)}, but the {larger} kidney is larger", "reasoner")
            return passed(name, f"the {larger} kidney is larger, as stated")
        # a side stated larger or smaller in a sentence ("the right kidney is smaller") is read by the loop below
        if task == "kidney volume comparison" and round(left, 1) != round(right, 1) and (
                EQUAL_SIZE.search(review.chosen_option or "") or EQUAL_SIZE.match(headline)):
            return failed(name, f"says the kidneys are the same size, but the {larger} kidney is larger ({left:.1f} vs "
                                f"{right:.1f} mL)", "reasoner")
        wrong = None if SIDE_LARGER.search(headline) else _other_side_named(review, headline, larger, smaller)
        if wrong is not None:
            return failed(name, f"{wrong} ({left:g} vs {right:g} mL)", "reasoner")
        for said in SIDE_LARGER.finditer(review.claim_text.lower()):  # "Impression: the left kidney is the larger"
            bigger = said.group(1) if said.group(2) in ("larger", "bigger", "greater") else ("left" if said.group(1) == "right"
                                                                                 else "right")
            if bigger != larger:
                return failed(name, f"says {said.group(0)!r}, but the {larger} kidney is larger "
                                    f"({left:g} vs {right:g} mL)", "reasoner")
        named = re.search(r"\b(left|right)\b", f"{review.claim_text} {review.chosen_option or ''}", re.IGNORECASE)
        if task == "kidney volume comparison" and len(review.intent.sides) != 1 and named is None and \
                round(left, 1) != round(right, 1):  # "The kidneys differ in volume by 1.1 mL." asked which is larger
            return failed(name, f"names no side, but the question asks which kidney: the {larger} kidney is larger "
                                f"({left:g} vs {right:g} mL)", "reasoner")
        return passed(name, f"the {larger} kidney is larger, as stated")
    if task == "multi-organ lesion burden comparison":
        burdens = {q.split(".")[0]: review.number(q) for q in review.intent.quantities}
        known = {k: v for k, v in burdens.items() if v is not None}
        if not known:
            return passed(name, "no burdens measured")
        top = max(known, key=known.__getitem__).replace("_lesion", "")
        ahead = re.split(rf"\b(?:{SET_AGAINST}|ahead of)\b|\(", headline, maxsplit=1)[0]
        named = set(extract(ahead).organs)  # "(5.0 mL, vs 3.1 mL kidney and 1.1 mL pancreas)": the others set against it
        option = review.chosen_option
        if not named and option:  # "B. Liver (23.5 mL total lesion volume)": the option chosen names the organ
            named = set(extract(option).organs)
        most = known[max(known, key=known.__getitem__)]
        if most > 0 and (DENIES_LESION.match(headline) or DENIES_LESION.match(option.lower())):
            return failed(name, f"says no organ has a lesion, but the {top} carries {most:g}", "reasoner")
        if most == 0 and named:  # "C - Liver" when no organ holds a lesion: none carries the most
            return failed(name, f"names {sorted(named)!r}, but no organ compared has a lesion (all burdens 0)", "reasoner")
        tied = [k for k, v in known.items() if v == most]
        if len(named) > 1 and EQUAL_BURDEN.search(ahead) and len(tied) < len(named):
            return failed(name, f"says {sorted(named)!r} carry an equal burden, but the {top} carries the most", "reasoner")
        if named and top not in named:
            return failed(name, f"names {sorted(named)!r}, but the {top} carries the largest burden", "reasoner")
        return passed(name, f"the {top} carries the largest burden, as stated")
    per_segment = [(what, {e.provenance.location: float(e.value) for e in review.cited
                           if e.name.startswith(prefix) and isinstance(e.value, int | float)
                           and str(e.provenance.location or "").startswith(("liver_segment_", "pancreas_"))})
                   for prefix, what in (("count_in_", "lesions"), ("volume_in_", "lesion volume"))]
    what, values = next(((w, v) for w, v in per_segment if v), ("", {}))
    if not values:
        return passed(name, "no per-segment counts or volumes cited")
    lines = [line for line in review.claim_text.splitlines() if line.strip()]
    labelled = next((m.group(1) for line in lines if (m := re.match(r"^\W*(?:final )?(?:answer|impression|conclusion|"
                                                                 r"verdict)\s*[:—–-]\s*(.+)$", line, re.IGNORECASE))), None)
    if labelled is None and (closing := re.search(r"(?:^|[.;]\s+)\W*(?:most (?:affected|involved|lesions)(?: (?:segment|part|"
                                                 r"region))?|final answer|verdict|conclusion)\s*[:—–-]\s*([^.;\n]+)",
                                                 review.claim_text, re.IGNORECASE)) is not None:
        labelled = closing.group(1)  # "S1 0, S2 0, ..., S8 0. Most affected: segment 4.": the labelled verdict answers
    if labelled is not None:  # "- Answer: Segment 7 / - Basis: count in segment 1: 0; ...": the labelled line answers
        headline = labelled.lower()
    elif lines and PART_VALUE_LINE.match(lines[0]) and (verdict := next((line for line in reversed(lines) if not
                                                             PART_VALUE_LINE.match(line) and not REASONS_LINE.match(line)), None)):
        headline = verdict  # "- Head: 1.0 mL / - Body: 0.0 mL / - Tail: 2.3 mL / The tail holds the most": the verdict
    drawn = verdicts(headline)
    if drawn and len(set(locations_of(headline))) > 1 and locations_of(drawn[-1]):  # "segment 8 holds 2, segment 6 one,
        headline = drawn[-1]  # ..., so I'd pick B (Segment 8)": the places tallied, then the one concluded
    most = max(values.values())
    if most > 0 and DENIES_LESION.fullmatch(headline):
        return failed(name, f"says {headline[:40]!r}, but {most:g} {what} are measured in one place", "reasoner")
    tops = {place for place, v in values.items() if v == most}
    ahead = re.split(rf"\b(?:{SET_AGAINST})\b", headline, maxsplit=1)[0]  # "segment VII (3.0 mL vs 0.9 mL in segment
    stated = set(locations_of(ahead)) or set(locations_of(review.chosen_option or "")) or set(locations_of(headline))
    # III)": the segment set against is no answer; the option chosen names the answer's when its words do not
    if len(tops) > 1 and stated and stated == set(locations_of(str(_lone_lesion_place(review) or ""))) and stated <= tops:
        return passed(name, f"one lesion spans {sorted(str(t) for t in tops)!r}; the answer names where it mainly lies")
    if stated and (not stated <= tops or (len(tops) > 1 and stated != tops)):
        which = " and ".join(sorted(str(t) for t in tops))
        return failed(name, f"states {sorted(stated)!r}, but the most {what} is in {which}", "reasoner")
    return passed(name, f"{sorted(str(t) for t in tops)!r} hold(s) the most {what}, as stated")


MOSTLY = re.compile(r"\b(?:mostly|mainly|chiefly|predominantly|largely|primarily|most of (?:it|its|the lesion))\b", re.IGNORECASE)


def _mostly_elsewhere(review: ReviewInput) -> str | None:
    """A place said to hold most of the lesion where the cited shares put more of it in another ("mostly in segment 7
    (30.4 % of its voxels), with 51.5 % in segment 6")."""
    named = [p for p in locations_of(review.headline) if p.startswith(("liver_segment_", "pancreas_"))]
    if not named or not MOSTLY.search(review.claim_text):
        return None
    place = named[0]  # "Segment 7 - ... with 51.5 % in segment 6": the place answered comes first
    shares = {str(e.name.removeprefix("share_in_").removesuffix("_pct")): float(e.value) for e in review.cited
              if e.name.startswith("share_in_") and isinstance(e.value, int | float)}
    if place not in shares or len(shares) < 2:
        return None
    top = max(shares, key=lambda k: shares[k])
    if shares[place] >= shares[top]:
        return None
    return (f"says the lesion lies mostly in {place} ({shares[place]:.1f} % of it), but {shares[top]:.1f} % of it lies in "
            f"{top}")


def _lone_lesion_place(review: ReviewInput) -> object:
    """Where the group's only lesion mainly lies, when one lesion is measured (a head tumour reaching the body is
    counted in both parts, and arises from the head); None otherwise."""
    group = review.intent.lesion
    if not group or review.number(f"{group}.lesion_count") != 1:
        return None
    item = review.by_key.get(f"{group}_1.location")
    return None if item is None else item.value


__all__ = ["DENIES_LESION", "comparison_grounding", "place_grounding"]
