"""A model backend's files are checked when the backends are built, and its options come from the command line.

Kinds (first-hour findings, round 10): a model path that holds no model (a text file, a corrupt or
truncated TorchScript, a checkpoint where TorchScript is expected, an empty or half-filled model
folder, TotalSegmentator stand-in weights) fails before any case runs with one line and exit 2; a
backend that still fails mid-case is one line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli import app

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def phantom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from synthetic.phantom import PhantomSpec, make_phantom

    root = tmp_path_factory.mktemp("backends") / "p"
    make_phantom(root, PhantomSpec(seed=5))
    return root


def _torchscript(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.jit.save(torch.jit.script(torch.nn.Conv3d(1, 2, 1)), str(path))
    return path


def _checkpoint(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"network_weights": torch.nn.Conv3d(1, 2, 1).state_dict()}, str(path))
    return path


def _text(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("these are my notes, not a model\n")
    return path


def _truncated(path: Path) -> Path:
    data = _torchscript(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _bit_flipped(path: Path) -> Path:
    data = bytearray(_torchscript(path).read_bytes())
    middle = len(data) // 3
    data[middle: middle + 64] = bytes(b ^ 0xFF for b in data[middle: middle + 64])
    path.write_bytes(bytes(data))
    return path


def _nnunet_folder(root: Path, checkpoint: Callable[[Path], Path] | None, files: tuple[str, ...]) -> Path:
    root.mkdir(parents=True)
    for name in files:
        (root / name).write_text(json.dumps({"labels": {"background": 0, "liver": 1}}))
    if checkpoint is not None:
        (root / "fold_0").mkdir()
        checkpoint(root / "fold_0" / "checkpoint_final.pth")
    return root


def _totalseg_weights(root: Path, checkpoint: Callable[[Path], Path] | None) -> Path:
    dataset = root / "Dataset291_TotalSegmentator_part1_organs_1559subj"
    dataset.mkdir(parents=True)
    if checkpoint is not None:
        checkpoint(dataset / "nnUNetTrainer__nnUNetPlans__3d_fullres" / "fold_0" / "checkpoint_final.pth")
    return root


NOT_A_MODEL: list[tuple[str, str, Callable[[Path], Path], str]] = [
    ("monai", "path", lambda d: _text(d / "notes.txt"), "not a model"),
    ("monai", "path", lambda d: _text(d / "model.ts"), "not a model"),
    ("monai", "path", lambda d: _truncated(d / "model.ts"), "not a model"),
    ("monai", "path", lambda d: _bit_flipped(d / "model.ts"), "corrupt"),
    ("monai", "path", lambda d: _checkpoint(d / "weights.pt"), "network_def"),
    ("monai", "path", lambda d: (d / "empty").mkdir() or d / "empty", "holds no bundle"),
    ("monai", "path", lambda d: _text(d / "bundle" / "configs" / "inference.json").parent.parent, "holds no model"),
    ("nnunet", "model_folder", lambda d: (d / "empty").mkdir() or d / "empty", "holds no model"),
    ("nnunet", "model_folder", lambda d: _nnunet_folder(d / "m", None, ("dataset.json", "plans.json")), "no fold_"),
    ("nnunet", "model_folder", lambda d: _nnunet_folder(d / "m", _text, ("dataset.json", "plans.json")), "not a model"),
    ("nnunet", "model_folder", lambda d: _nnunet_folder(d / "m", _checkpoint, ("dataset.json",)), "plans.json"),
    ("totalsegmentator", "weights_dir", lambda d: _totalseg_weights(d / "w", None), "no model"),
    ("totalsegmentator", "weights_dir", lambda d: _totalseg_weights(d / "w", _text), "not a model"),
    ("totalsegmentator", "weights_dir", lambda d: _totalseg_weights(d / "w", _truncated), "not a model"),
]


@pytest.mark.parametrize(("backend", "option", "make", "says"), NOT_A_MODEL)
def test_a_model_path_that_holds_no_model_fails_before_any_case(phantom: Path, tmp_path: Path, backend: str,
                                                               option: str, make: Callable[[Path], Path],
                                                               says: str) -> None:
    pytest.importorskip({"monai": "monai", "nnunet": "nnunetv2", "totalsegmentator": "totalsegmentator"}[backend])
    target = make(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(phantom / "ct.nii.gz"), "--question", "What is the spleen volume?",
                                      "--segmenter", backend, "--segmenter-option", f"{option}={target}",
                                      "--segmenter-option", 'labels={"1": "liver"}' if backend == "monai" else "device=cpu",
                                      "--out", str(out)])
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("clinorch: error:"), result.output
    assert says in lines[0] and "--segmenter-option" in lines[0]
    assert "Config.segmenter_options" not in lines[0] and "None" not in lines[0]
    assert not (out / "result.json").exists()


@pytest.mark.parametrize(("backend", "make"), [
    ("monai", lambda d: {"path": str(_torchscript(d / "model.ts")), "labels": {"1": "liver"}}),
    ("monai", lambda d: {"path": str(_checkpoint(d / "w.pt")), "network_def": {"_target_": "UNet"}, "labels": {"1": "x"}}),
    ("nnunet", lambda d: {"model_folder": str(_nnunet_folder(d / "m", _checkpoint, ("dataset.json", "plans.json")))}),
    ("totalsegmentator", lambda d: {"weights_dir": str(_totalseg_weights(d / "w", _checkpoint))}),
])
def test_a_real_model_file_passes_the_check(tmp_path: Path, backend: str, make: Callable[[Path], dict]) -> None:
    from agents.segmenters import get_segmenter

    pytest.importorskip({"monai": "monai", "nnunet": "nnunetv2", "totalsegmentator": "totalsegmentator"}[backend])
    assert get_segmenter(backend, **make(tmp_path)).name == backend


@pytest.mark.parametrize("missing", [None, "nowhere"])
def test_a_missing_model_option_is_named_with_its_command_line_flag(phantom: Path, tmp_path: Path,
                                                                    missing: str | None) -> None:
    for backend, option in (("nnunet", "model_folder"), ("monai", "path")):
        extra = [] if missing is None else ["--segmenter-option", f"{option}={tmp_path / missing}"]
        result = CliRunner().invoke(app, ["run", str(phantom / "ct.nii.gz"), "--segmenter", backend, *extra,
                                          "--out", str(tmp_path / "out")])
        assert result.exit_code == 2
        line = result.output.strip()
        assert f"--segmenter-option {option}=" in line and "None" not in line and "Config." not in line


def test_segmenter_help_lists_every_registered_backend() -> None:
    from agents.segmenters import SEGMENTERS
    from orchestrator.cli_help import SEGMENTER_NAMES

    assert sorted(SEGMENTER_NAMES) == sorted(SEGMENTERS._builtin)
    text = " ".join(CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output.split())
    for name in SEGMENTER_NAMES:
        assert name in text
    assert "--segmenter-option" in text and "YYYY-MM-DD" in text


def test_a_backend_failing_mid_case_is_one_line_and_non_zero(phantom: Path, tmp_path: Path) -> None:
    from agents.segmenters import SEGMENTERS, SegmenterUnavailable

    class Vanishing:
        name = "vanishing"

        def segment(self, image: object, structures: object = None) -> None:
            raise SegmenterUnavailable("the model server went away")

    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps({"case_id": "mid", "question": "What is the volume of the spleen?",
                                     "images": [{"path": str(phantom / "ct.nii.gz")}]}))
    out = tmp_path / "out"
    SEGMENTERS.register("vanishing", lambda **_: Vanishing())
    try:
        config = tmp_path / "config.json"
        config.write_text(json.dumps({"segmenter": "vanishing"}))
        runs = [CliRunner().invoke(app, [*command, "--config", str(config), "--quiet", "--out", str(out)])
                for command in (["run", str(phantom / "ct.nii.gz"), "--question", "What is the volume of the spleen?"],
                                ["batch", str(case_file)])]
    finally:
        SEGMENTERS._factories.pop("vanishing", None)
    for result in runs:
        assert result.exit_code == 2, result.output
        lines = [ln for ln in result.output.splitlines() if ln.strip() and not ln.startswith("Loading weights")]
        assert len(lines) == 1 and lines[0].startswith("clinorch: error:") and "went away" in lines[0], result.output
        assert "Traceback" not in result.output
    assert not (out / "result.json").exists() and not (out / "mid.json").exists()
