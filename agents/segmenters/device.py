"""Device choice for model backends: CUDA when available (or asked for), else the CPU."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from agents.segmenters.base import SegmenterUnavailable

if TYPE_CHECKING:
    import torch

DeviceChoice = Literal["auto", "cpu", "cuda"] | str


def select_device(choice: DeviceChoice = "auto") -> torch.device:
    """`auto` takes the first CUDA device when torch sees one, else the CPU; `cuda[:n]` insists on it.

    Raises:
        SegmenterUnavailable: CUDA was asked for and torch has none.
    """
    import torch

    if choice == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(choice)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SegmenterUnavailable(f"device {choice!r} asked for but torch {torch.__version__} sees no CUDA device; "
                                   "install a CUDA build of torch or use device='cpu'")
    return device
