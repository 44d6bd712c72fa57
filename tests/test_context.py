"""The typed context: one resolver, one registry style, backends cached by their full configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from langgraph.runtime import Runtime

from agents import segmentation
from agents.backends import KEYS, make_context
from agents.reasoners.base import REASONERS, UnknownReasonerError
from agents.segmenters import SEGMENTERS, SegmenterUnavailable
from core.case import Case, ImageRef
from core.config import Config
from core.context import CAPABILITIES, Context
from core.registry import Registry
from core.state import CaseState
from core.store import ArtifactStore
from imaging.volume import read_image
from retrieval.registry import EMBEDDERS, INDEXES, RERANKERS, RetrievalError


def test_every_capability_registry_is_the_one_registry_style() -> None:
    for registry in (SEGMENTERS, REASONERS, EMBEDDERS, INDEXES, RERANKERS):
        assert isinstance(registry, Registry)
    assert {"classical", "provided", "monai"} <= set(SEGMENTERS.names())
    assert {"guideline", "transformers", "openai"} <= set(REASONERS.names())
    with pytest.raises(UnknownReasonerError, match="'nope'"):
        REASONERS.create("nope")
    with pytest.raises(RetrievalError, match="'nope'"):
        EMBEDDERS.create("nope")


def test_registry_loads_shipped_backends_lazily() -> None:
    registry: Registry[object] = Registry("thing", builtin={"counter": "collections:Counter"})
    assert registry.names() == ["counter"]
    assert registry.create("counter", a=2)["a"] == 2
    registry.register("mine")(dict)
    assert registry.names() == ["counter", "mine"]


@pytest.mark.parametrize(("capability", "first", "second"), [
    ("segmenter", {}, {"segmenter": "monai", "segmenter_options": {"path": "{tmp}/a.ts", "labels": {"1": "liver"}}}),
    ("segmenter", {"segmenter": "monai", "segmenter_options": {"path": "{tmp}/a.ts", "labels": {"1": "liver"}}},
     {"segmenter": "monai", "segmenter_options": {"path": "{tmp}/b.ts", "labels": {"1": "liver"}}}),
    ("reasoner", {}, {"reasoner": "openai", "reasoner_options": {"base_url": "http://127.0.0.1:9", "model": "m"}}),
    ("reasoner", {"reasoner": "openai", "reasoner_options": {"base_url": "http://127.0.0.1:9", "model": "a"}},
     {"reasoner": "openai", "reasoner_options": {"base_url": "http://127.0.0.1:9", "model": "b"}}),
])
def test_a_shared_cache_never_serves_another_configuration(capability: str, first: dict, second: dict,
                                                             tmp_path: Path) -> None:
    if capability == "segmenter":  # real TorchScript files: a backend checks its model file when built
        import torch

        for name in ("a.ts", "b.ts"):
            torch.jit.save(torch.jit.script(torch.nn.Identity()), str(tmp_path / name))

    def config(fields: dict) -> Config:
        options = {k: v.replace("{tmp}", str(tmp_path)) if isinstance(v, str) else v
                   for k, v in fields.get("segmenter_options", {}).items()}
        return Config(**(fields | ({"segmenter_options": options} if options else {})))

    shared: dict = {}
    store = ArtifactStore("c")
    one = make_context(config(first), store, shared).get(capability)  # type: ignore[arg-type]
    two = make_context(config(second), store, shared).get(capability)  # type: ignore[arg-type]
    again = make_context(config(second), store, shared).get(capability)  # type: ignore[arg-type]
    assert two is not one and again is two
    assert len([k for k in shared if isinstance(k, tuple) and k[0] == capability]) == 2


def test_supplied_instances_and_unconfigured_capabilities() -> None:
    def understand(question, choices):  # noqa: ANN001, ANN202 - a scripted understanding
        return "scripted"

    context = make_context(Config(), ArtifactStore("c"), {"understanding": understand})
    assert context.understanding is understand
    assert context.second_opinion is None
    assert set(KEYS) < set(CAPABILITIES)
    with pytest.raises(LookupError, match="make_context"):
        Context(config=Config(), store=ArtifactStore("c")).segmenter  # noqa: B018 - the property builds


def test_after_a_default_run_another_segmenter_is_really_used(phantom_dir: Path) -> None:
    """Issue 14: a run configured with `segmenter="monai"` silently reused the cached classical one."""
    shared: dict = {}
    store = ArtifactStore("s1")
    state = CaseState(case=Case(case_id="s1", images=[ImageRef(path=str(phantom_dir / "ct.nii.gz"))]),
                      images={"current:0": store.put("img", "current:0", read_image(phantom_dir / "ct.nii.gz"))})
    first = segmentation.node(state, Runtime(context=make_context(Config(), store, shared)))
    assert first["masks"] and first["trace"][0].tool == "classical"
    monai = Config(segmenter="monai", segmenter_options={"path": "/nowhere/model.ts"})
    with pytest.raises(SegmenterUnavailable, match="/nowhere/model.ts"):  # the MONAI backend really ran
        segmentation.node(state, Runtime(context=make_context(monai, store, shared)))
