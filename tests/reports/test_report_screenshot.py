"""Open a real report in headless Chromium, take a screenshot, and check what a reader sees.

Skips cleanly when no Chromium is installed (CI installs it). The screenshot must be mostly
white page with dark text, and hold the embedded key image (a large dark CT area) below the fold
of the text sections; the DOM Chromium builds must contain every section and image.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from orchestrator.reports.render import SECTIONS

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_report_renders_in_chromium_with_sections_and_images(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    import orchestrator
    from core.store import ArtifactStore
    from orchestrator.api import artifact_types
    from orchestrator.reports import write_report
    from synthetic.phantom import PhantomSpec, make_phantom

    make_phantom(tmp_path / "scan", PhantomSpec(seed=8, liver_lesions=1, kidney_lesion="none"))
    store = ArtifactStore("shot", types=artifact_types())
    result = orchestrator.run({"case_id": "shot", "question": "What is the longest diameter of the liver lesion?",
                               "images": [{"path": str(tmp_path / "scan/ct.nii.gz"),
                                           "masks": str(tmp_path / "scan/segmentations")}]}, store=store)
    write_report(result, store, tmp_path / "out")
    page = (tmp_path / "out" / "report.html").resolve().as_uri()
    dom = _chromium("--dump-dom", page).stdout
    for title in SECTIONS:
        assert f"<h2>{title}</h2>" in dom, title
    assert dom.count("data:image/png;base64,") == 1
    shot = Path(os.environ.get("CLINORCH_SCREENSHOT", tmp_path / "shot.png"))  # set it to look at the picture
    _chromium("--window-size=1100,3000", f"--screenshot={shot}", page)
    pixels = np.asarray(PILImage.open(shot).convert("L"), dtype=float)
    assert pixels.shape == (3000, 1100)
    assert (pixels > 240).mean() > 0.5  # a white page of dark text
    grey = ((pixels > 60) & (pixels < 200)).mean(axis=1) > 0.1  # rows with much mid-grey: CT soft tissue
    runs = np.diff(np.flatnonzero(np.diff(np.r_[0, grey.astype(int), 0])))[::2]
    assert runs.max() > 150  # the key image: one block of hundreds of consecutive grey rows (text: < 20)
    assert not grey[:600].reshape(-1, 50).all(axis=1).any()  # the text sections above it: no picture there
