"""Key images: an axial slice in radiological view with contours, legend, scale bar, axes and L/R."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from imaging.volume import Image, LabelMap
from orchestrator.overlay import COLOURS, LESION_COLOUR, radiological
from orchestrator.reports.axes import RecistAxes

LONG_COLOUR, SHORT_COLOUR = "#ffeb3b", "#00e5ff"
WINDOW_HU = (-160.0, 240.0)
"""Abdominal soft-tissue window (W400 L40)."""


@dataclass
class Panel:
    """One axial slice to draw: the image, the contours to show, the focus and its axes."""

    image: Image
    masks: Mapping[str, LabelMap]
    k: int
    title: str
    axes: RecistAxes | None = None
    notes: list[str] = field(default_factory=list)
    """Lines printed under the slice (e.g. the measured diameters with their evidence ids)."""


def is_lesion(name: str) -> bool:
    """Whether a mask name is a lesion (drawn thicker, in the lesion colour)."""
    return any(w in name for w in ("tumor", "cyst", "lesion"))


def colour_of(name: str) -> str:
    return LESION_COLOUR if is_lesion(name) else COLOURS.get(name.removeprefix("prior:"), "#00bcd4")


def _display(i: float, j: float, nx: int, ny: int) -> tuple[float, float]:
    """(i, j) voxel position to (column, row) of the radiological display."""
    return nx - 1 - i, ny - 1 - j


def _scale_bar_mm(width_mm: float) -> int:
    return next(mm for mm in (100, 50, 20, 10, 5, 2, 1) if mm <= width_mm / 4)


def _draw(ax: object, panel: Panel) -> None:
    from matplotlib.lines import Line2D

    image = panel.image
    if image.spacing is None or not image.is_volume:
        raise ValueError(f"{image.source!r}: a key image needs a 3D image with spacing")
    nx, ny = image.array.shape[:2]
    sx, sy = float(image.spacing[0]), float(image.spacing[1])
    ax.imshow(np.clip(radiological(image.array[:, :, panel.k]), *WINDOW_HU), cmap="gray",
              aspect=sy / sx, interpolation="nearest")
    handles = []
    for name, mask in panel.masks.items():
        plane = radiological(mask.array[:, :, panel.k])
        if not plane.any():
            continue
        lesion = is_lesion(name)
        ax.contour(plane.astype(float), levels=[0.5], colors=[colour_of(name)], linewidths=1.8 if lesion else 1.0)
        handles.append(Line2D([], [], color=colour_of(name), linewidth=2.0, label=name.replace("_", " ")))
    for axis, colour, label in ((panel.axes.long, LONG_COLOUR, "long axis"),
                                (panel.axes.short, SHORT_COLOUR, "short axis")) if panel.axes else ():
        if axis is None:
            continue
        (c0, r0), (c1, r1) = (_display(*end, nx, ny) for end in axis.ends_ij)
        ax.plot([c0, c1], [r0, r1], color=colour, linewidth=2.0, marker="o", markersize=3)
        ax.annotate(f"{label} {axis.length_mm:.1f} mm", (max(c0, c1), (r0 + r1) / 2),
                    xytext=(10, -14 if "long" in label else 10), textcoords="offset points", color=colour, fontsize=8,
                    fontweight="bold", bbox={"facecolor": "black", "alpha": 0.6, "pad": 1.5, "edgecolor": "none"})
        handles.append(Line2D([], [], color=colour, linewidth=2.0, label=f"{label} {axis.length_mm:.1f} mm (RECIST)"))
    bar_mm = _scale_bar_mm(nx * sx)
    x0, y0 = nx * 0.05, ny * 0.94
    ax.plot([x0, x0 + bar_mm / sx], [y0, y0], color="white", linewidth=3)
    ax.text(x0, y0 - ny * 0.02, f"{bar_mm} mm", color="white", fontsize=8)
    for text, x, y in (("R", 0.02, 0.5), ("L", 0.95, 0.5), ("A", 0.5, 0.96), ("P", 0.5, 0.01)):
        ax.text(x, y, text, color="white", transform=ax.transAxes, fontsize=12, fontweight="bold")
    ax.set_title(panel.title, fontsize=9)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    ax.axis("off")


def render_png(panels: Sequence[Panel], suptitle: str = "") -> bytes:
    """PNG bytes of the panels side by side (one panel: a key image; two: prior and current)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not panels:
        raise ValueError("render_png needs at least one panel")
    fig, axes = plt.subplots(1, len(panels), figsize=(5.6 * len(panels), 6.0), dpi=100, squeeze=False)
    for ax, panel in zip(axes[0], panels, strict=True):
        _draw(ax, panel)
        if panel.notes:
            lines = [w for note in panel.notes for w in textwrap.wrap(note, 95)]
            ax.text(0.0, -0.02, "\n".join(lines), transform=ax.transAxes, fontsize=7.5, va="top")
    if suptitle:
        fig.suptitle(suptitle, fontsize=10)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
