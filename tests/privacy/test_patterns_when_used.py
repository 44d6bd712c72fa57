"""Patterns compiled at first use (`privacy.patterns.compiled_when_used`): a question without an
address or a name never compiles them, and the texts that reach them are scrubbed as before."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from privacy.patterns import compiled_when_used

ROOT = Path(__file__).resolve().parents[2]
LAZY = {"address": ("_PART", "_GLUE", "_BEFORE", "_SEGMENT_BEFORE"), "names": ("_AFTER", "_BEFORE")}


def test_a_pattern_compiled_when_used_is_the_compiled_pattern_once() -> None:
    get = compiled_when_used(r"\b(?i:flat|apt)\s\d+", re.ASCII)
    assert get() is get() and get().pattern == r"\b(?i:flat|apt)\s\d+" and get().flags & re.ASCII
    assert get().match("Apt 3").group() == "Apt 3"


def test_a_question_compiles_no_address_or_name_part_and_an_address_does() -> None:
    code = ("import json\nfrom privacy import address, names\nfrom privacy.deid import scrub_text\n"
            "out = [scrub_text(t, model=False).text for t in __import__('sys').argv[1:]]\n"
            f"lazy = {LAZY!r}\n"
            "print(json.dumps([out, {m: [n for n in ns if getattr({'address': address, 'names': names}[m], n)"
            ".cache_info().currsize] for m, ns in lazy.items()}]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*texts: str) -> list:
        out = subprocess.run([sys.executable, "-c", code, *texts], capture_output=True, text=True, env=env, cwd=ROOT,
                             timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        return json.loads(out.stdout.strip().splitlines()[-1])

    _, compiled = run("What is the longest axial diameter of the largest pancreatic tumor, in mm?")
    assert compiled == {"address": [], "names": []}
    text = "Seen at 221B Baker Street, Marylebone, London NW1 6XE on 03/04/2021."
    scrubbed, compiled = run(text)
    assert compiled["address"] and "[ADDRESS]" in scrubbed[0] and "Baker" not in scrubbed[0]
