"""Importing a library without the optional packages it would pull in for nothing.

Some libraries probe at import time for every optional package they could use: nibabel imports
pydicom (0.2 s, 35 MB) to parse a DICOM extension inside NIfTI files, which clinorch never reads;
spaCy's thinc imports torch (1.5 s, 180 MB) for neural layers the small English pipeline does not
have. Both fall back cleanly when the probe raises ImportError, so the probe is answered "absent"
for the length of that one import; the package stays importable by whoever really needs it later.

Others import, in their package's ``__init__``, everything they offer, when a dependant needs one
submodule (langgraph needs ``langgraph_sdk.auth.types``, not the SDK's HTTP client): `defer_init`
lets that submodule load while the package's ``__init__`` waits until someone asks the package for
a name; `defer_init_binding` does the same for a package whose own submodules ask it for a few
names (skimage's watershed asks ``skimage.morphology`` for ``flood``).

And some define, at import, models they validate only for features a run never uses: langchain-core
and langsmith build ~400 pydantic models (tracing run trees, API schemas) as langgraph loads;
`pydantic_builds_deferred` lets pydantic build them when first used instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


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


@contextmanager
def pydantic_builds_deferred() -> Iterator[None]:
    """Pydantic models defined inside the block build their validators at first use, not at definition.

    Pydantic's `defer_build` setting (``ConfigDict(defer_build=True)``, documented per model) made
    the default for the block's models; a model that sets it itself keeps its own. Building the
    ~400 models langchain-core and langsmith define while langgraph loads took 0.06-0.1 s of CPU
    in every cold run, and a run validates none of them (no tracing). A deferred model builds
    the first time it validates, serialises or gives its schema, with the same result. Pydantic
    keeps the default in an internal dict; should a version lack it, nothing is deferred.
    """
    try:
        from pydantic._internal import _config
    except ImportError:  # pragma: no cover - another pydantic layout: no deferral, same behaviour
        yield
        return
    defaults = getattr(_config, "config_defaults", None)
    if not isinstance(defaults, dict) or "defer_build" not in defaults:  # pragma: no cover - as above
        yield
        return
    previous = defaults["defer_build"]
    defaults["defer_build"] = True
    try:
        yield
    finally:
        defaults["defer_build"] = previous


def defer_init(*packages: str) -> list[str]:
    """Lets a package's submodules be imported without running the package's ``__init__`` first.

    Python runs a package's ``__init__`` before any of its submodules, and some packages import
    everything they offer there: ``langgraph_sdk`` its HTTP and websocket clients, of which
    langgraph (``langgraph.runtime``) needs only ``langgraph_sdk.auth.types``; ``langsmith.types``
    ~200 generated API models, of which langchain's tracers need only ``run_select_field``. Here
    the package's module is registered with its path but its ``__init__`` unexecuted; it executes,
    unchanged, the first time anyone asks the package for a name it does not yet hold (``from
    langgraph_sdk import get_client``, ``langsmith.types.Run``), so the package behaves as before
    for every user. Packages already imported, or not installed, are left alone.

    Args:
        packages: dotted package names, e.g. ``"langgraph_sdk"``.

    Returns:
        The packages whose ``__init__`` is now deferred.
    """
    deferred = []
    for name in packages:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            continue
        module = sys.modules[name] = _deferred_package(spec)
        parent, _, child = name.rpartition(".")
        if parent:  # what the import system does for a submodule: bind it on its parent (imported by find_spec)
            setattr(sys.modules[parent], child, module)
        deferred.append(name)
    return deferred


def defer_init_binding(package: str, names: Mapping[str, str], submodules: Sequence[str] = ()) -> bool:
    """`defer_init` for a package whose own submodules ask it for names while they load.

    ``skimage.segmentation``'s watershed imports ``flood`` from ``skimage.morphology`` and its
    ``extrema`` submodule does ``from . import grayreconstruct``: each would run the package's
    ``__init__`` (every morphology module, scipy.spatial and scipy.linalg: 0.1 s of CPU). Here the
    listed `submodules` are imported first (the import system binds each on the package, as the
    ``__init__`` would) and each of `names` is bound from the submodule that defines it, the
    object the ``__init__`` itself imports from there. Any other name asked of the package runs
    its ``__init__`` as `defer_init` does (so does any of them, should a version move it).

    Args:
        package: the package, e.g. ``"skimage.morphology"``.
        names: public name -> the submodule defining it, e.g. ``{"flood": "_flood_fill"}``.
        submodules: submodules to import ahead, e.g. ``("grayreconstruct",)``.

    Returns:
        Whether the package's ``__init__`` is deferred (False: already imported or not installed).
    """
    if not defer_init(package):
        return False
    module = sys.modules[package]
    try:
        for submodule in submodules:
            importlib.import_module(f"{package}.{submodule}")
        for name, submodule in names.items():
            module.__dict__[name] = getattr(importlib.import_module(f"{package}.{submodule}"), name)
    except (ImportError, AttributeError):  # moved in another version: the first name asked runs the __init__
        pass
    return True


def _deferred_package(spec: ModuleSpec) -> ModuleType:
    """The package's module, with a module ``__getattr__`` that runs its ``__init__`` once, on demand."""
    module = importlib.util.module_from_spec(spec)
    loader = spec.loader
    assert loader is not None
    lock = threading.RLock()

    def __getattr__(attribute: str) -> object:  # noqa: N807 - the module-level hook of PEP 562
        with lock:
            if module.__dict__.get("__getattr__") is __getattr__:
                del module.__dict__["__getattr__"]  # the package's own __init__ may define one
                try:
                    loader.exec_module(module)
                except BaseException:
                    module.__getattr__ = __getattr__  # type: ignore[attr-defined]  # fail again next time
                    raise
        return getattr(module, attribute)

    module.__getattr__ = __getattr__  # type: ignore[attr-defined]
    return module


def from_submodule(package: str, submodule: str, name: str) -> Any:
    """``package.name`` taken from the submodule that defines it, without the package's ``__init__``.

    For a package whose ``__init__`` imports far more than the one name needed (``scipy.optimize``
    imports its solvers, scipy.linalg and scipy.sparse, 0.15 s of CPU, for
    ``linear_sum_assignment``, which lives in ``scipy.optimize._lsap``). The object is the one the
    package exports (the same function), so nothing changes but the import's cost; if the
    submodule moves in another version, the package's public name is used instead.

    Args:
        package: the public package, e.g. ``"scipy.optimize"``.
        submodule: the submodule defining the name, e.g. ``"_lsap"``.
        name: the public name, e.g. ``"linear_sum_assignment"``.
    """
    defer_init(package)
    try:
        return getattr(importlib.import_module(f"{package}.{submodule}"), name)
    except (ImportError, AttributeError):
        return getattr(importlib.import_module(package), name)
