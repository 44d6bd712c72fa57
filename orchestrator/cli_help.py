"""Words the command line shows about the model backends, with no import so `clinorch --help` stays instant."""

from __future__ import annotations

SEGMENTER_NAMES = ("classical", "provided", "totalsegmentator", "nnunet", "monai")
"""The built-in segmenters (`agents.segmenters.SEGMENTERS`), named here for `--help`; a test keeps them equal to the registry."""

SEGMENTER_OPTION_HELP = {
    "totalsegmentator": "weights_dir=DIR, task=total, fast=true, device=cpu",
    "nnunet": "model_folder=DIR (dataset.json, plans.json, fold_*/checkpoint_final.pth), folds=[0,1], device=cpu",
    "monai": "path=BUNDLE_DIR or path=MODEL.ts with labels='{\"1\": \"liver\"}', device=cpu",
}
"""How each model backend's options are given on the command line (the errors quote these)."""


def option_hint(segmenter: str) -> str:
    """How to give `segmenter`'s options from the command line, for an error message."""
    first = SEGMENTER_OPTION_HELP.get(segmenter, "KEY=VALUE").split(" ")[0].rstrip(",")
    return (f"on the command line: --segmenter-option {first} (repeat for more options), "
            "or \"segmenter_options\" in a --config JSON file")
