"""Axial overlays: a CT slice in radiological view with contours and the measured diameter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from imaging.volume import Image, LabelMap

COLOURS = {
    "liver": "#d95f02", "spleen": "#7570b3", "kidney_left": "#1b9e77", "kidney_right": "#1b9e77",
    "pancreas": "#e6ab02", "aorta": "#e7298a", "postcava": "#66a61e", "stomach": "#a6761d",
}
LESION_COLOUR = "#ff1744"


def radiological(slice_ij: np.ndarray) -> np.ndarray:
    """Canonical RAS slice (i→right, j→anterior) to display rows (anterior up) and columns
    (patient's right on the viewer's left), the radiological convention."""
    return slice_ij[::-1, ::-1].T


def render_axial(
    image: Image,
    masks: Mapping[str, LabelMap],
    k: int,
    out_path: str | Path,
    diameter_ij: Sequence[Sequence[float]] | None = None,
    title: str = "",
) -> Path:
    """Writes a PNG of axial slice `k` with structure contours and an optional diameter line.

    Args:
        diameter_ij: two (i, j) voxel positions on slice k, the ends of the measured diameter.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if image.spacing is None or not image.is_volume:
        raise ValueError(f"{image.source!r}: an axial overlay needs a 3D image with spacing")
    nx, ny = image.array.shape[:2]
    sx, sy = image.spacing[0], image.spacing[1]
    ct = np.clip(radiological(image.array[:, :, k]), -160, 240)  # abdominal window W400 L40
    fig, ax = plt.subplots(figsize=(7, 7 * (ny * sy) / (nx * sx)), dpi=110)
    ax.imshow(ct, cmap="gray", aspect=sy / sx, interpolation="nearest")
    for name, mask in masks.items():
        plane = radiological(mask.array[:, :, k])
        if not plane.any():
            continue
        is_lesion = any(w in name for w in ("tumor", "cyst", "lesion"))
        colour = LESION_COLOUR if is_lesion else COLOURS.get(name, "#00bcd4")
        ax.contour(plane.astype(float), levels=[0.5], colors=[colour], linewidths=1.6 if is_lesion else 1.0)
    if diameter_ij is not None:
        (i0, j0), (i1, j1) = diameter_ij
        cols = [nx - 1 - i0, nx - 1 - i1]
        rows = [ny - 1 - j0, ny - 1 - j1]
        ax.plot(cols, rows, color="yellow", linewidth=2.0, marker="o", markersize=3)
    ax.set_title(title or f"axial slice k={k}", fontsize=10)
    ax.text(0.01, 0.5, "R", color="white", transform=ax.transAxes, fontsize=12, va="center")
    ax.text(0.97, 0.5, "L", color="white", transform=ax.transAxes, fontsize=12, va="center")
    ax.axis("off")
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, bbox_inches="tight")
    plt.close(fig)
    return out
