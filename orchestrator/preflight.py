"""Before any case runs: the configured backends are built and reachable, or one clear error.

Misuse (an unknown backend name, a backend without the options it needs) and an unavailable
backend (a missing package or model, a chat server nobody answers) are infrastructure, not a
clinical outcome: the CLI prints one line naming the fix and exits non-zero, instead of a
traceback or an "abstained" after minutes of retries (DESIGN.md, principle 9).
"""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

PROBE_TIMEOUT_S = 2.0
"""How long a chat server may take to accept a connection before it counts as unreachable."""


REASONER_FLAGS = {
    "transformers": "--model DIR, or reasoner_options model_path in the --config file",
    "openai": "--base-url URL --model NAME, or reasoner_options base_url and model in the --config file",
}
"""Where each reasoner's options are given on the command line (`clinorch run`) or in a config file."""


class BackendUnavailable(RuntimeError):
    """A configured backend cannot be built or reached; the message names the backend and the fix."""


def build_backends(config: Any, *, segmenter: bool = True) -> dict[str, Any]:
    """The configured segmenter and reasoner, built once and checked, keyed as `Context.backends` keys them.

    Args:
        config: The run's `core.config.Config`.
        segmenter: Also build the segmenter (False when every case brings its masks).

    Raises:
        BackendUnavailable: a backend is unknown, lacks options, cannot load, or its server is unreachable.
    """
    from agents.reasoners.base import ReasonerError, UnknownReasonerError, resolve
    from agents.segmenters import SegmenterError, available, get_segmenter
    from orchestrator.cli_help import SEGMENTER_OPTION_HELP, option_hint

    backends: dict[str, Any] = {}
    if segmenter:
        name = config.segmenter
        hint = f" ({option_hint(name)})" if name in SEGMENTER_OPTION_HELP else ""
        try:  # a model backend checks its files when built: a path that holds no model fails here, not mid-case
            backends["segmenter"] = get_segmenter(name, **config.segmenter_options)
        except SegmenterError as exc:
            raise BackendUnavailable(f"segmenter {name!r} is unavailable: {exc}{hint}") from exc
        except (ValueError, TypeError) as exc:
            known = available()
            raise BackendUnavailable(f"segmenter {name!r}: {exc}{hint}" if name in known
                                     else f"unknown segmenter {name!r}; choose one of {known!r} with --segmenter") from exc
    try:
        reasoner = resolve(config.reasoner, **config.reasoner_options)
    except UnknownReasonerError as exc:
        raise BackendUnavailable(f"{exc} (choose one with --reasoner)") from exc
    except (ReasonerError, TypeError) as exc:
        hint = REASONER_FLAGS.get(config.reasoner, "reasoner_options in the --config file")
        text = str(exc) if "--" in str(exc) else f"{exc} (set it with {hint})"
        raise BackendUnavailable(f"reasoner {config.reasoner!r}: {text}") from exc
    url = getattr(getattr(reasoner, "client", None), "url", None)
    if isinstance(url, str):
        probe(url)
    backends["reasoner"] = reasoner
    return backends


def probe(url: str, timeout_s: float = PROBE_TIMEOUT_S) -> None:
    """Opens (and closes) a TCP connection to the server behind `url`.

    Raises:
        BackendUnavailable: nothing accepts a connection there within `timeout_s`.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return
    except OSError as exc:
        raise BackendUnavailable(
            f"chat server {url!r} is unreachable ({exc.strerror or exc}); start it or fix reasoner_options base_url"
        ) from exc
