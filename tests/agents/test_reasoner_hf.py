"""The `transformers` backend with a tiny Qwen2-VL built in the test (no download, CPU), and rendering."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from agents.reasoners.base import ReasonerError, Rendered, resolve
from tests.agents.reasoning_cases import QUESTIONS, review_of
from tests.agents.test_reasoner_openai import _task
from tests.agents.tiny_vlm import build_tiny_qwen2vl

SPLEEN = QUESTIONS[[q.subtype for q in QUESTIONS].index("splenomegaly grading")]
REPLY = json.dumps({"text": "D: Mild. spleen volume 420.3 mL (314.5 ≤ x < 500 mL) -> mild", "choice": "D",
                    "evidence_ids": ["measurement:spleen:volume_ml", "criterion:-:dtvqa-spleen-volume-grade"],
                    "criterion_id": "dtvqa-spleen-volume-grade"})


@pytest.fixture(scope="module")
def tiny_vlm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_qwen2vl(tmp_path_factory.mktemp("tiny-qwen2-vl"), REPLY)


def _with_picture():  # noqa: ANN202
    task = _task(with_image=False)
    task.render = lambda: [Rendered("axial slice 17, spleen outlined", Image.new("RGB", (40, 30), "gray"))]
    return task


def test_local_vlm_answers_from_evidence_and_pictures(tiny_vlm: Path) -> None:
    reasoner = resolve("transformers", model_path=str(tiny_vlm), max_new_tokens=1, device="cpu")
    task = _with_picture()
    messages, pictures = reasoner.messages(task)
    assert len(pictures) == 1 and {"type": "image"} in messages[1]["content"]
    assert "[measurement:spleen:volume_ml]" in messages[1]["content"][-1]["text"]
    answer = reasoner.answer(task)
    assert answer.choice == "D" and answer.backend == "transformers:" + tiny_vlm.name
    assert answer.evidence_ids == ["measurement:spleen:volume_ml", "criterion:-:dtvqa-spleen-volume-grade"]
    assert review_of(SPLEEN, task.intent, answer, task.evidence).consistent


def test_unusable_reply_is_retried_then_a_clear_error(tmp_path: Path) -> None:
    folder = build_tiny_qwen2vl(tmp_path / "babbler", "it is probably fine")
    reasoner = resolve("transformers", model_path=str(folder), max_new_tokens=1, parse_retries=1, images=False)
    with pytest.raises(ReasonerError, match="no usable answer after 2 attempt"):
        reasoner.answer(_task(with_image=False))


def test_model_path_is_required_and_never_downloaded(tmp_path: Path) -> None:
    with pytest.raises(ReasonerError, match="model_path"):
        resolve("transformers")
    with pytest.raises(ReasonerError, match="does not exist"):  # checked when built, before any case
        resolve("transformers", model_path=str(tmp_path / "Qwen2.5-VL-7B"))


@pytest.mark.gpu
def test_local_vlm_runs_on_cuda(tiny_vlm: Path) -> None:
    reasoner = resolve("transformers", model_path=str(tiny_vlm), max_new_tokens=1)
    assert reasoner.answer(_with_picture()).choice == "D"
    assert str(reasoner.device).startswith("cuda")


def test_key_slice_and_crop_show_the_contours() -> None:
    from agents.reasoners.render import render_case
    from core.case import Case
    from core.state import CaseState
    from core.store import ArtifactStore
    from imaging.volume import Image as Volume
    from imaging.volume import LabelMap

    rng = np.random.default_rng(0)
    hu = rng.normal(40, 5, (40, 32, 12)).astype(np.float32)
    spleen = np.zeros(hu.shape, bool)
    spleen[5:20, 8:24, 2:10] = True
    lesion = np.zeros(hu.shape, bool)
    lesion[10:14, 12:16, 6:8] = True
    affine = np.diag([2.0, 2.0, 5.0, 1.0])
    store = ArtifactStore("render")
    state = CaseState(case=Case(case_id="render"), images={"current:0": store.put("img", "0", Volume(hu, affine, (2.0, 2.0, 5.0), "CT"))},
                      masks={"spleen": store.put("mask", "spleen", LabelMap(spleen, affine, (2.0, 2.0, 5.0), "spleen")),
                             "spleen_tumor": store.put("mask", "spleen_tumor", LabelMap(lesion, affine, (2.0, 2.0, 5.0), "spleen_tumor"))})
    pictures = render_case(state, store, SPLEEN.intent())
    assert [p.caption.split(":")[0] for p in pictures] == ["axial slice 6", "crop of the spleen on axial slice 6"]
    whole = np.asarray(pictures[0].image)
    assert min(whole.shape[:2]) >= 256
    assert (whole == (0, 220, 0)).all(axis=-1).any() and (whole == (255, 40, 40)).all(axis=-1).any()
