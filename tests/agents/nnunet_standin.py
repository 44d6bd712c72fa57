"""A network for nnU-Net v2 tests whose output is a fixed function of intensity: bands of HU -> labels."""

from __future__ import annotations

import torch
from torch import nn

BANDS_HU = (-100.0, 100.0, 300.0)
"""Label 0 below -100 HU, 1 up to 100, 2 up to 300, 3 above."""


def bands(values):  # numpy or torch
    """The label the stand-in network gives each intensity."""
    return (values >= BANDS_HU[0]) * 1 + (values >= BANDS_HU[1]) * 1 + (values >= BANDS_HU[2]) * 1


class IntensityBands(nn.Module):
    """Logits +10 on the band's label, 0 elsewhere; one parameter so nnU-Net has weights to load."""

    def __init__(self, input_channels: int, num_classes: int, **_: object) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.unit = nn.Parameter(torch.ones(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        label = bands(x[:, 0]).long()
        logits = torch.nn.functional.one_hot(label, self.num_classes).movedim(-1, 1).to(x.dtype)
        return logits * 10.0 * self.unit
