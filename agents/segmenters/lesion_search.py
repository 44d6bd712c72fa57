"""What the classical lesion search can vouch for: a lesion it finds exists; how many there are, it cannot say.

The search (`classical_lesions.find_lesions`) reads regions clearly darker or brighter than the organ's parenchyma.
A lesion within about 15 HU of the parenchyma (isodense), one at the organ's edge that partial volume hides, or one
the organ's drawing left out is missed. So, per lesion mask:

- **found**: the lesion exists (existence is answered), but the count, the largest lesion, the burden and where the
  lesions lie are a lower bound at best, so they are not reported (`LOWER_BOUND`, `details["lesion_counts"]`);
- **found none**: "no lesion" only where the search is sensitive enough. Liver and pancreas on a contrast-enhanced
  scan: a hypo- or hypervascular lesion differs from enhanced parenchyma by far more than the search's contrast
  gate (unenhanced scans are already unknown, `classical_lesions.UNENHANCED_NONE`). Kidneys never: enhanced cortex
  and medulla differ by 30-80 HU, so a solid mass at the medulla's or the cortex's level, or a small cyst in the
  sinus, reads as kidney (`KIDNEY_NONE`); on suites F and G (24 phantoms) the kidney search found none in 4 kidneys
  that held a tumour or cyst. An empty kidney lesion mask is therefore not written, and whether the kidney holds a
  lesion is unknown (`completion.audit_lesion_masks` names the reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

LOWER_BOUND = ("the classical lesion search finds lesions clearly darker or brighter than the parenchyma and misses "
               "isodense ones and some at the organ's edge, so the lesions it found exist but their count, the "
               "largest of them and where they lie are only a lower bound")
"""Why a found lesion mask of the classical segmenter gives existence only (`details["lesion_counts"][mask]`)."""
KIDNEY_NONE = ("the classical kidney lesion search misses solid masses at the level of the enhanced cortex or medulla "
               "and small cysts by the renal sinus, so finding none does not rule a kidney lesion out")
"""Why an empty kidney lesion mask of the classical segmenter is not written (its lesions are unknown)."""
NONE_NOT_VOUCHED = {"kidney_tumor": KIDNEY_NONE, "kidney_cyst": KIDNEY_NONE}
"""Lesion masks whose emptiness the search does not vouch for, whatever the phase."""
LESION_MASKS = ("liver_tumor", "kidney_tumor", "kidney_cyst", "pancreas_tumor")


def vouch(arrays: dict[str, np.ndarray], details: dict[str, Any]) -> None:
    """Marks what the classical search's lesion masks can support (in place on `arrays` and `details`).

    A found (non-empty) lesion mask stays and is named in `details["lesion_counts"]` with `LOWER_BOUND`; an empty mask
    in `NONE_NOT_VOUCHED` is removed and its reason recorded in `details["landmarks"]["not_found"]`, where the mask
    audit (`completion.audit_lesion_masks`) reads why a lesion mask is missing.
    """
    bounded = dict(details.get("lesion_counts") or {})
    for name in LESION_MASKS:
        mask = arrays.get(name)
        if mask is None:
            continue
        if mask.any():
            bounded[name] = LOWER_BOUND
        elif name in NONE_NOT_VOUCHED:
            del arrays[name]
            details.setdefault("landmarks", {}).setdefault("not_found", {})[name] = NONE_NOT_VOUCHED[name]
    if bounded:
        details["lesion_counts"] = bounded


def lower_bound_masks(details: Mapping[str, Any]) -> dict[str, str]:
    """The lesion masks a segmentation's details call a lower bound (mask -> reason); {} for an exhaustive backend."""
    bounded = details.get("lesion_counts")
    return {str(k): str(v) for k, v in bounded.items()} if isinstance(bounded, Mapping) else {}
