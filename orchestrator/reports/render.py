"""Renders a `Report` as Markdown (key images as files beside it) and as self-contained HTML."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable

from core.case import Evidence
from orchestrator.reports.content import Report, Sentence

MAX_MARKS = 12
"""Footnote marks shown after one sentence; the rest are counted (all are listed under Evidence)."""
SECTIONS = ("Clinical information", "Technique", "Findings", "Impression", "Answer to the clinical question",
            "Key images", "Measurements", "Attending review", "Evidence", "Provenance")


class Footnotes:
    """Numbers evidence ids in order of first citation."""

    def __init__(self) -> None:
        self.order: dict[str, int] = {}

    def number(self, ref: str) -> int:
        return self.order.setdefault(ref, len(self.order) + 1)

    def numbers(self, refs: Iterable[str]) -> list[int]:
        return [self.number(r) for r in dict.fromkeys(refs)]

    def marks(self, refs: Iterable[str], fmt: str) -> str:
        """The footnote marks of a sentence: the first `MAX_MARKS`, then how many more."""
        numbers = self.numbers(refs)
        more = f" (+{len(numbers) - MAX_MARKS} more)" if len(numbers) > MAX_MARKS else ""
        return "".join(fmt.format(n=n) for n in numbers[:MAX_MARKS]) + more


def _value(e: Evidence) -> str:
    if isinstance(e.value, float):
        return f"{e.value:.2f}"
    if e.value is None:
        return "" if e.passed is None else ("pass" if e.passed else "fail")
    return str(e.value)


def footnote_text(ref: str, report: Report) -> str:
    """What a footnote says: the evidence id, its value with unit, and how it was made or sourced."""
    if ref in report.sources:
        return f"{ref}: {report.sources[ref]}"
    e = report.evidence.get(ref)
    if e is None:
        return ref
    how = e.citation or e.provenance.method or e.reason or ""
    value = f"{_value(e)} {e.unit or ''}".strip()
    return f"{ref} = {value}" + (f" ({how})" if how else "")


def _measurement_cells(e: Evidence) -> tuple[str, str, str, str]:
    name = e.name
    for suffix in ("_ml", "_mm", "_hu", "_pct"):
        name = name.removesuffix(suffix)
    return ((e.target or "-").replace("_", " "), name.replace("_", " "), _value(e), e.unit or "")


# --------------------------------------------------------------------------- Markdown

def _md(sentence: Sentence, notes: Footnotes) -> str:
    return " ".join(sentence.text.split("\n")).strip() + notes.marks(sentence.refs, "[^{n}]")


def to_markdown(report: Report, image_files: list[str]) -> str:
    """The report as Markdown; `image_files` are the key images' relative paths, in report order."""
    notes = Footnotes()
    lines = [f"# Radiology report — case {report.case_id}", "", f"Status: **{report.status}**", ""]
    lines += ["## Clinical information", *[f"- {_md(s, notes)}" for s in report.clinical], ""]
    lines += ["## Technique", *[f"- {_md(s, notes)}" for s in report.technique], ""]
    lines += ["## Findings"]
    for organ, sentences in report.findings.items():
        lines += [f"### {organ.capitalize()}", *[f"- {_md(s, notes)}" for s in sentences]]
    if not report.findings:
        lines.append("- No structured findings.")
    lines += ["", "## Impression", *[f"{i}. {_md(s, notes)}" for i, s in enumerate(report.impression, 1)], ""]
    lines += ["## Answer to the clinical question", *[f"- {_md(s, notes)}" for s in report.answer], ""]
    lines += ["", "## Key images", ""]
    for key, path in zip(report.images, image_files, strict=True):
        lines += [f"![{key.title}]({path})", "", f"*{_md(key.caption, notes)}*", ""]
    if not report.images:
        lines.append("No lesion measured and no organ enlarged: no key image.")
    lines += ["", "## Measurements", "", "| structure | measurement | value | unit | evidence |", "|---|---|---:|---|---|"]
    for e in report.measurements:
        cells = _measurement_cells(e)
        lines.append(f"| {' | '.join(cells)} | [^{notes.number(e.id)}] |")
    lines.append("")
    lines += ["## Attending review", "", "| check | result | reason |", "|---|---|---|"]
    for c in report.checks:
        refs = notes.marks(c.evidence_ids, "[^{n}]")
        lines.append(f"| {c.name} | {'pass' if c.passed else '**FAIL**'} | {c.reason.replace('|', '/')}{refs} |")
    lines += ["", "## Evidence", ""]
    lines += [f"[^{n}]: {footnote_text(ref, report)}" for ref, n in notes.order.items()]
    if report.provenance:
        lines += ["", "## Provenance", "", *[f"- {line}" for line in report.provenance]]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- HTML


CSS = """body{font-family:Georgia,serif;max-width:60em;margin:2em auto;color:#222;line-height:1.45}
h1{border-bottom:3px solid #234;padding-bottom:.2em}h2{color:#234;border-bottom:1px solid #bbb;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .6em}
th{background:#eef}.pass{color:#1b5e20}.fail{color:#b71c1c;font-weight:bold}sup a{text-decoration:none}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #999}figcaption{font-size:.9em;font-style:italic}
.status{font-size:1.1em}ol.notes{font-size:.8em;color:#444}"""


def _h(sentence: Sentence, notes: Footnotes) -> str:
    sups = notes.marks(sentence.refs, '<sup><a href="#ev{n}">[{n}]</a></sup>')
    return html.escape(sentence.text) + sups


def to_html(report: Report) -> str:
    """The report as one self-contained HTML page (key images embedded as base64 PNG)."""
    notes = Footnotes()
    esc = html.escape
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>clinorch report {esc(report.case_id)}"
           f"</title><style>{CSS}</style></head><body>",
           f"<h1>Radiology report — case {esc(report.case_id)}</h1><p class='status'>Status: <b>{esc(report.status)}</b></p>"]

    def section(title: str, sentences: list[Sentence], tag: str = "ul") -> None:
        items = "".join(f"<li>{_h(s, notes)}</li>" for s in sentences)
        out.append(f"<section id='{title.split()[0].lower()}'><h2>{esc(title)}</h2><{tag}>{items}</{tag}></section>")

    section("Clinical information", report.clinical)
    section("Technique", report.technique)
    out.append("<section id='findings'><h2>Findings</h2>")
    for organ, sentences in report.findings.items():
        out.append(f"<h3>{esc(organ.capitalize())}</h3><ul>" + "".join(f"<li>{_h(s, notes)}</li>" for s in sentences) + "</ul>")
    out.append("</section>")
    section("Impression", report.impression, "ol")
    section("Answer to the clinical question", report.answer)
    out.append("<section id='images'><h2>Key images</h2>")
    for key in report.images:
        data = base64.b64encode(key.png).decode("ascii")
        out.append(f"<figure><img alt='{esc(key.title)}' src='data:image/png;base64,{data}'>"
                   f"<figcaption>{_h(key.caption, notes)}</figcaption></figure>")
    if not report.images:
        out.append("<p>No lesion measured and no organ enlarged: no key image.</p>")
    out.append("</section><section id='measurements'><h2>Measurements</h2><table><tr><th>structure</th>"
               "<th>measurement</th><th>value</th><th>unit</th><th>evidence</th></tr>")
    for e in report.measurements:
        n = notes.number(e.id)
        out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in _measurement_cells(e))
                   + f"<td><sup><a href='#ev{n}'>[{n}]</a></sup></td></tr>")
    out.append("</table></section>")
    out.append("<section id='review'><h2>Attending review</h2><table><tr><th>check</th><th>result</th><th>reason</th></tr>")
    for c in report.checks:
        mark = "<span class='pass'>pass</span>" if c.passed else "<span class='fail'>FAIL</span>"
        out.append(f"<tr><td>{esc(c.name)}</td><td>{mark}</td><td>{_h(Sentence(c.reason, c.evidence_ids), notes)}</td></tr>")
    out.append("</table>")
    out.append("</section><section id='evidence'><h2>Evidence</h2><ol class='notes'>")
    out += [f"<li id='ev{n}'>{esc(footnote_text(ref, report))}</li>" for ref, n in notes.order.items()]
    out.append("</ol></section>")
    if report.provenance:
        out.append("<section id='provenance'><h2>Provenance</h2><ul>"
                   + "".join(f"<li>{esc(line)}</li>" for line in report.provenance) + "</ul></section>")
    out.append("</body></html>")
    return "\n".join(out)
