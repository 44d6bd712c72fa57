"""Importing a library without the optional packages it would pull in for nothing.

Some libraries probe at import time for every optional package they could use: nibabel imports
pydicom (0.2 s, 35 MB) to parse a DICOM extension inside NIfTI files, which clinorch never reads;
spaCy's thinc imports torch (1.5 s, 180 MB) for neural layers the small English pipeline does not
have. Both fall back cleanly when the probe raises ImportError, so the probe is answered "absent"
for the length of that one import; the package stays importable by whoever really needs it later.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without(*packages: str) -> Iterator[None]:
    """Makes ``import PACKAGE`` raise ImportError inside the block, for packages not yet imported.

    A package already imported is left alone (whoever loaded it needed it); afterwards the
    packages are importable again. Only the import inside the block sees them as absent, so
    use it around the one import whose optional probe is to be skipped.

    Args:
        packages: top-level package names, e.g. ``"torch"``.
    """
    hidden = [name for name in packages if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "not installed"
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
