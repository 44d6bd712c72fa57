"""RECIST 1.1 on the classical segmenter's lesions abstains, naming why (a new user's first hour, session 10).

The classical lesion search misses small and isodense lesions (`agents.segmenters.lesion_search`): a target lesion
it misses at follow-up would count as 0 mm (disappeared) and pull the sum down, turning progression into stable
disease. RECIST's sums rest on every target lesion of both studies, so with a lower-bound lesion mask on either
study they are withheld, and the answer abstains with the search's reason, not "no prior study". With provided
masks (exhaustive) the response is answered. Varied: growth and shrinkage factors, seed, number of lesions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from synthetic.pairs import derive_study
from synthetic.phantom import make_phantom
from synthetic.phantom_spec import PhantomSpec

QUESTION = "What is the RECIST 1.1 response compared with the prior study?"


def _run(tmp_path: Path, seed: int, lesions: int, factors: tuple[float, ...], provided: bool):  # noqa: ANN202
    import orchestrator

    make_phantom(tmp_path / "base", PhantomSpec(seed=seed, liver_lesions=lesions))
    derive_study(tmp_path / "base", tmp_path / "follow", factors, seed=seed + 1)

    def image(folder: str, role: str, date: str) -> dict:
        masks = {"masks": str(tmp_path / folder / "segmentations")} if provided else {}
        return {"path": str(tmp_path / folder / "ct.nii.gz"), "modality": "CT", "role": role,
                "acquired": date, **masks}

    case = {"case_id": f"recist-{seed}", "question": QUESTION,
            "images": [image("follow", "current", "2025-07-10"), image("base", "prior", "2025-01-10")]}
    config = {} if provided else {"segmenter": "classical", "use_provided_masks": False}
    return orchestrator.run(case, config, backends={})


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "lesions", "factors"), [(7, 2, (1.7, 0.55)), (3, 3, (1.0, 0.4, 1.3))])
def test_recist_on_classical_lesions_abstains_naming_the_bound(tmp_path: Path, seed: int, lesions: int,
                                                                factors: tuple[float, ...]) -> None:
    result = _run(tmp_path, seed, lesions, factors, provided=False)
    assert result.status == "abstained" and result.answer is None, (result.status, result.answer)
    assert any("RECIST 1.1 sums every target lesion" in r for r in result.reasons), result.reasons
    assert not any("no prior study" in r for r in result.reasons), result.reasons
    assert not [e for e in result.evidence if e.target == "recist" and e.name == "response"]


@pytest.mark.slow
def test_recist_on_provided_masks_is_answered(tmp_path: Path) -> None:
    result = _run(tmp_path, 7, 2, (1.7, 0.55), provided=True)
    assert result.status == "answered", result.reasons
    assert [e for e in result.evidence if e.target == "recist" and e.name == "response"]


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "lesions"), [(7, 2), (5, 0)])
def test_recist_without_a_prior_names_the_missing_prior_first(tmp_path: Path, seed: int, lesions: int) -> None:
    """A new user's first hour (session 12): with one study, the missing prior is the reason, not the lesion search."""
    import orchestrator

    make_phantom(tmp_path / "only", PhantomSpec(seed=seed, liver_lesions=lesions))
    case = {"case_id": f"recist-single-{seed}", "question": QUESTION,
            "images": [{"path": str(tmp_path / "only" / "ct.nii.gz"), "modality": "CT"}]}
    result = orchestrator.run(case, {"segmenter": "classical"}, backends={})
    assert result.status == "abstained", (result.status, result.answer)
    assert result.reasons and "no prior study" in result.reasons[0], result.reasons
    assert not any("RECIST 1.1 sums every target lesion" in r for r in result.reasons), result.reasons
