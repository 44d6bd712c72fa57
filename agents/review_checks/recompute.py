"""Recomputed evidence: a cited measurement whose value disagrees with the inputs its provenance records, or with the
other items of the case it is derived from, is inconsistent (an evidence value edited to match an answer).

What is recomputed, each only where the case holds the inputs (a saved result carries no pixels):

- a volume with `voxel_count` and `parameters.spacing_mm`: voxel count x voxel volume, in mL;
- an organ's volume or a lesion group's total volume: the sum of the segmentation agent's volumes of its masks
  (`segmentation:<structure>:present` provenance), on the native grid only;
- a group's total lesion volume: the sum of its lesion instances' volumes;
- a `largest_lesion_*` item: the same quantity on the lesion instance its method names ("liver_lesion_1 (largest by
  volume)");
- a ratio whose method is "a.name / b.name": the two measured values divided;
- a tumour burden: 100 x the group's total lesion volume / the volume of its organ masks.
"""

from __future__ import annotations

import itertools
import math
import re

from agents.review_checks.base import WORKED, ReviewInput, failed, items_stating, numeric, passed, stated_numbers
from core.case import Check, Evidence
from questions.intents.answers import EVIDENCE_DIMENSION

__all__ = ["derivation_inputs", "evidence_recompute", "expected_value", "bracketed_sum", "misstated_parts",
           "operand_of_cited_result"]

LARGEST = re.compile(r"^(?P<instance>\w+_\d+) \(largest by volume\)$")
RATIO = re.compile(r"^(?P<a>[\w/+]+)\.(?P<an>\w+) / (?P<b>[\w/+]+)\.(?P<bn>\w+)$")
INSTANCE = re.compile(r"_\d+$")


def evidence_recompute(review: ReviewInput) -> Check:
    """Every cited measurement recomputes from the inputs the case holds (see the module docstring)."""
    name = "evidence_recompute"
    problems, checked = [], []
    for e in review.cited:
        if e.kind != "measurement" or (value := numeric(e)) is None:
            continue
        for source, expected in expected_value(e, review.by_id):
            checked.append(e.id)
            if not math.isclose(value, expected, rel_tol=2e-3, abs_tol=0.011):
                problems.append(f"{e.id!r} is {value:.4g} but {source} gives {expected:.4g}")
    problems += _disagreeing_derived(review)
    if problems:
        return failed(name, "; ".join(dict.fromkeys(problems)), "measurement", checked)
    if (parts := misstated_parts(review)) is not None:
        return failed(name, parts, "reasoner", checked)
    return passed(name, f"{len(set(checked))} cited measurement(s) recompute from their inputs", checked)


def expected_value(e: Evidence, by_id: dict[str, Evidence]) -> list[tuple[str, float]]:
    """(what it was recomputed from, the value) for each recomputation of `e` the case's items allow."""
    prov = e.provenance
    out: list[tuple[str, float]] = []
    method = str(prov.get("method") or "")
    spacing = (prov.get("parameters") or {}).get("spacing_mm")
    count = prov.get("voxel_count")
    voxel = (prov.get("parameters") or {}).get("voxel_mm3")  # a sheared grid's voxel, smaller than the spacings' product
    if e.name.endswith("volume_ml") and isinstance(count, int) and isinstance(voxel, int | float) and voxel > 0:
        out.append((f"{count} voxels of {voxel:g} mm³", count * voxel / 1000))
    elif e.name.endswith("volume_ml") and isinstance(count, int) and isinstance(spacing, list) and len(spacing) == 3:
        out.append((f"{count} voxels of {'x'.join(f'{s:g}' for s in spacing)} mm", count * math.prod(spacing) / 1000))
    if e.name in ("volume_ml", "total_lesion_volume_ml") and not INSTANCE.search(e.target or "") and \
            prov.get("grid") == "native" and (masks := _mask_volumes(prov.get("masks") or [], by_id)) is not None:
        out.append(("the segmented masks' volumes", sum(masks)))
    if e.name == "total_lesion_volume_ml" and method.startswith("sum of instance volumes"):
        parts = [numeric(i) for k, i in by_id.items()
                 if re.fullmatch(rf"measurement:{re.escape(e.target or '')}_\d+:volume_ml", k)]
        if parts and all(p is not None for p in parts):
            out.append(("the sum of its lesions' volumes", sum(p for p in parts if p is not None)))
    if (largest := LARGEST.match(method)) and e.name.startswith("largest_lesion_"):
        from agents.reasoners.derive import INSTANCE_NAME

        own = INSTANCE_NAME.get(e.name.removeprefix("largest_lesion_"))
        item = by_id.get(f"measurement:{largest.group('instance')}:{own}") if own else None
        if item is not None and (v := numeric(item)) is not None:
            out.append((repr(item.id), v))
    if (ratio := RATIO.match(method)) and e.name.endswith("ratio"):
        a = by_id.get(f"measurement:{ratio.group('a')}:{ratio.group('an')}")
        b = by_id.get(f"measurement:{ratio.group('b')}:{ratio.group('bn')}")
        va, vb = (numeric(a) if a else None), (numeric(b) if b else None)
        if va is not None and vb:
            out.append((f"{a.id!r} / {b.id!r}", va / vb))  # type: ignore[union-attr]
    if e.name == "tumor_burden_pct":
        out += _burden(e, by_id)
    return out


def _burden(e: Evidence, by_id: dict[str, Evidence]) -> list[tuple[str, float]]:
    total = by_id.get(f"measurement:{e.target}:total_lesion_volume_ml")
    if total is None or (lesions := numeric(total)) is None:
        return []
    organ_masks = [m for m in e.provenance.get("masks") or [] if m not in (total.provenance.get("masks") or [])]
    organ = _mask_volumes(organ_masks, by_id) if organ_masks else None
    if not organ or not sum(organ):
        return []
    return [(f"{total.id!r} / the organ masks' volume", 100.0 * lesions / sum(organ))]


def _mask_volumes(masks: list[str], by_id: dict[str, Evidence]) -> list[float] | None:
    """The segmentation agent's volume of each mask (None when one is not in the case or was resampled)."""
    found: dict[str, float] = {}
    for item in by_id.values():
        prov = item.provenance
        if item.kind == "segmentation" and item.name == "present" and prov.get("mask") in masks:
            volume, geometry = prov.get("volume_ml"), prov.get("geometry") or {}
            if not isinstance(volume, int | float) or geometry.get("resampled"):
                return None
            found[str(prov.get("mask"))] = float(volume)
    return [found[m] for m in masks] if masks and set(found) == set(masks) else None


def derivation_inputs(e: Evidence, by_id: dict[str, Evidence]) -> list[Evidence]:
    """The measured items `e` is computed from (a burden's lesion and organ volumes, a ratio's two values, the largest
    lesion's own item): stating one beside `e` ("2 % (18.8 of 959.8 mL)") restates what the cited value means."""
    method = str(e.provenance.get("method") or "")
    found: list[Evidence | None] = []
    if (ratio := RATIO.match(method)) and e.name.endswith("ratio"):
        found += [by_id.get(f"measurement:{ratio.group('a')}:{ratio.group('an')}"),
                  by_id.get(f"measurement:{ratio.group('b')}:{ratio.group('bn')}")]
    if (largest := LARGEST.match(method)) and e.name.startswith("largest_lesion_"):
        from agents.reasoners.derive import INSTANCE_NAME

        own = INSTANCE_NAME.get(e.name.removeprefix("largest_lesion_"))
        found.append(by_id.get(f"measurement:{largest.group('instance')}:{own}") if own else None)
    if e.name == "tumor_burden_pct" and (total := by_id.get(f"measurement:{e.target}:total_lesion_volume_ml")):
        lesion_masks = total.provenance.get("masks") or []
        organ_masks = [m for m in e.provenance.get("masks") or [] if m not in lesion_masks]
        found.append(total)
        found += [i for i in by_id.values() if i.kind == "measurement" and i.name == "volume_ml"
                  and (i.provenance.get("masks") or []) and set(i.provenance.get("masks") or []) <= set(organ_masks)]
    change = CHANGE_NAME.match(e.name)
    if change is not None:  # "unchanged at 249.6 mL on both studies": a change's two studies' values
        for suffix in ("_ml", "_mm", ""):
            found += [by_id.get(f"measurement:{e.target}:{prior}{change.group(1)}{suffix}") for prior in ("", "prior_")]
    return [i for i in found if i is not None]


CHANGE_NAME = re.compile(r"^(?!prior_)(\w+?)_change(?:_ml|_mm|_pct)?$")
"""A change's quantity (`volume_change_pct`, `total_lesion_volume_change_ml`): its inputs are the quantity now and on
the prior study (`volume_ml`, `prior_volume_ml`)."""


def _sentences_stating(text: str, stated: list, e: Evidence, inputs: list[Evidence]) -> list[tuple[int, int]]:
    """(start, end) of each clause of `text` that states `e`'s own value, else of each that states one of its inputs
    ("2 % (18.8 of 959.8 mL)"; a work-up's other organs' values in their own clauses are not its parts)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"(?:[^.;\n]|\.(?=\d))+", text)]
    for group in ([e], inputs):
        own = [m.start for m in stated if items_stating(m, group)]
        picked = [(a, b) for a, b in spans if any(a <= o < b for o in own)]
        if picked:
            return picked
    return [(0, len(text))]


def misstated_parts(review: ReviewInput) -> str | None:
    """Why the parts said of a cited derived value are not its parts: the answer states one input of it ("out of
    959.8 mL") and, in the same unit, a value that is none ("6.60 mL of lesions", the largest lesion's volume, for
    a burden of all of them); None when every value in that unit is one of its inputs."""
    from agents.review_checks.numbers import quoted_threshold, states_value  # numbers imports this module

    stated = [m for m in stated_numbers(review.claim_text) if m.unit is not None]
    every_part = [i for c in review.cited if c.kind == "measurement" for i in derivation_inputs(c, review.by_id)]
    for e in review.cited:
        inputs = derivation_inputs(e, review.by_id) if e.kind == "measurement" else []
        units = {i.unit for i in inputs}
        if len(inputs) < 2 or len(units) != 1 or not any(items_stating(m, inputs) for m in stated):
            continue
        unit = units.pop()
        near = _sentences_stating(review.claim_text, stated, e, inputs)  # a work-up lists other organs' values elsewhere
        others = [m for m in stated if (m.in_evidence_unit() or (None, None))[0] == _dimension(unit)
                  and not RATE_AFTER.match(review.claim_text, m.end)  # "1.5 mm per month": a rate, no part
                  and not any(states_value(m, i, widen=2.0) for i in inputs)  # 21.047 mL read as 21.05, said
                  and not items_stating(m, [e])  # 21.1: a part rounded twice is still that part
                  and not items_stating(m, every_part)  # "kidney lesion 34.9 mL vs liver lesion 4.6 mL": each
                  # a part of its own cited burden
                  and any(a <= m.start < b for a, b in near)
                  and not quoted_threshold(review, review.claim_text, m)  # a cited limit quoted, not a part
                  and not _their_difference(m, inputs)  # "+52.3 mL" between "204.9 mL to 257.2 mL": the change
                  and not bracketed_sum(review.claim_text, m)  # "389.9 mL (200.7 + 189.2)": their sum
                  and not sum_of_inputs(review, m)]  # "of 215.2 mL of kidney": the two kidneys' whole
        if others:
            said = ", ".join(f"{o.value:g} {o.unit}" for o in others)
            parts = ", ".join(f"{numeric(i):.4g} {i.unit}" for i in inputs)
            return f"gives {said} as a part of {e.id!r}, whose parts are {parts}"
    return None


def sum_of_inputs(review: ReviewInput, mention) -> bool:  # noqa: ANN001 - a NumberMention
    """Whether a value is the sum of two or more inputs of one cited derived value, to its printed precision: the
    whole a share is taken of ("9.2 % - 19.9 mL of lesion in 215.2 mL of kidney", the two kidneys' 109.7 + 105.5 mL
    that the burden divides by)."""
    shown = mention.in_evidence_unit()
    if shown is None or mention.unit is None:
        return False
    dimension, value = shown
    tolerance = 0.51 * 10 ** -mention.decimals * abs(value / mention.value if mention.value else 1.0) + 1e-9
    for e in review.cited:
        inputs = [i for i in derivation_inputs(e, review.by_id) if numeric(i) is not None and i.unit
                  and _dimension(i.unit) == dimension]
        for size in range(2, min(len(inputs), 4) + 1):
            if any(abs(sum(numeric(i) or 0.0 for i in group) - value) <= tolerance
                   for group in itertools.combinations(inputs, size)):
                return True
    return False


RATE_AFTER = re.compile(r"\s*(?:per|/|a|an|each)\s*(?:month|year|week|day|mo|yr|wk)s?\b", re.IGNORECASE)


def _their_difference(mention, inputs: list[Evidence]) -> bool:  # noqa: ANN001 - a NumberMention
    """Whether a value is the difference of two inputs, as printed (a change's "+52.3 mL" beside its two studies)."""
    values = [numeric(i) for i in inputs if numeric(i) is not None]
    shown = mention.in_evidence_unit()
    value = shown[1] if shown else mention.value
    return len(values) == 2 and abs(abs(value) - abs(values[0] - values[1])) <= 0.51 * 10 ** -mention.decimals + 1e-9  # type: ignore[operator]


SUMMED_PARTS = re.compile(r"\s*(?:mL|ml|cm³|cm3|cc|HU|mm|cm|%)?(?:\s+[a-z]+){0,3}?\s*\(\s*((?:\d+(?:\.\d+)?\s*(?:mL|ml|cm³|cc|mm|cm)?\s*\+\s*)+"
                          r"\d+(?:\.\d+)?)\s*(?:mL|ml|cm³|cc|mm|cm)?\s*\)")
"""Parts summed in brackets right after a total ("389.9 mL (200.7 + 189.2)", "389.9 mL of kidney (200.7 + 189.2)")."""


def bracketed_sum(text: str, mention) -> bool:  # noqa: ANN001 - a NumberMention
    """Whether a value is the sum of the parts written in brackets right after it, each as printed ("total kidney
    volume 389.9 mL (200.7 + 189.2)"): arithmetic on numbers the answer states, each of them grounded on its own."""
    parts = SUMMED_PARTS.match(text, mention.end)
    if parts is None:
        return False
    printed = re.findall(r"\d+(?:\.\d+)?", parts.group(1))
    slack = 0.51 * 10 ** -mention.decimals + sum(0.51 * 10 ** -len(v.partition(".")[2]) for v in printed)
    return abs(mention.value - sum(float(v) for v in printed)) <= slack + 1e-9


OPERATOR = {"+": "+", "plus": "+", "−": "-", "-": "-", "minus": "-", "×": "*", "*": "*", "x": "*", "times": "*",
            "/": "/", "÷": "/", "over": "/", "divided by": "/"}
OPERATOR_SAID = re.compile(r"\s(?:plus|minus|x|times|over|divided by)\s|[+−×*/÷]|\s-\s", re.IGNORECASE)


def _shown_value(text: str, mentions: list) -> float | None:  # noqa: ANN001 - NumberMentions
    """The value of a computation `text` shows: its numbers as printed, joined by the operators between them, with the usual
    precedence (× and ÷ before + and −); None when an operator is missing or a divisor is zero."""
    terms: list[float] = [mentions[0].value]
    operators: list[str] = []
    for before, after in itertools.pairwise(mentions):
        said = OPERATOR_SAID.search(text[before.end:after.start])
        if said is None:
            return None
        operators.append(OPERATOR[said.group(0).strip().lower()])
        terms.append(after.value)
    summed, product = 0.0, terms[0]
    sign = 1.0
    for operator, term in zip(operators, terms[1:], strict=True):
        if operator in "*/":
            if operator == "/" and term == 0:
                return None
            product = product * term if operator == "*" else product / term
        else:
            summed, product, sign = summed + sign * product, term, 1.0 if operator == "+" else -1.0
    return summed + sign * product


def operand_of_cited_result(review: ReviewInput, text: str, mention) -> bool:  # noqa: ANN001 - a NumberMention
    """Whether the number is an operand of a computation the answer shows whose result is a cited value and which
    recomputes from its numbers as printed ("12.9 cm³ (8.74 + 4.15 = 12.89 mL)" of a cited 12.89 mL total: the
    addends are the parts the total is made of, each measured, the total cited)."""
    numbers = stated_numbers(text)
    for match in WORKED.finditer(text):
        if not match.start() <= mention.start < match.end():
            continue
        operands = [m for m in numbers if match.start() <= m.start < match.end()]
        results = [m for m in numbers if m.start >= match.end()][:1]
        if len(operands) < 2 or not results or not items_stating(results[0], review.cited):
            return False
        shown = _shown_value(text, operands)
        slack = 0.51 * 10 ** -results[0].decimals + 0.005 * abs(results[0].value)
        return shown is not None and abs(shown - results[0].value) <= slack
    return False


def _dimension(unit: str | None) -> str | None:
    return EVIDENCE_DIMENSION.get(unit or "")


def _disagreeing_derived(review: ReviewInput) -> list[str]:
    """The case's items computed from a cited measurement (a ratio from an organ's mean HU, a burden or a total from
    a lesion's volume) that no longer recompute: the cited value disagrees with what was derived from it."""
    cited = {e.id for e in review.cited if e.kind == "measurement"}
    problems = []
    for item in review.evidence:
        if item.kind != "measurement" or (value := numeric(item)) is None or item.id in cited:
            continue
        sources = {i.id for i in derivation_inputs(item, review.by_id)}
        if item.name == "total_lesion_volume_ml":
            sources |= {k for k in review.by_id if re.fullmatch(rf"measurement:{re.escape(item.target or '')}_\d+:volume_ml", k)}
        used = sorted(sources & cited)
        if not used:
            continue
        for source, expected in expected_value(item, review.by_id):
            if not math.isclose(value, expected, rel_tol=2e-3, abs_tol=0.011):
                problems.append(f"{used[0]!r} disagrees with {item.id!r} derived from it ({value:.4g}, but "
                                f"{source} gives {expected:.4g})")
    return problems
