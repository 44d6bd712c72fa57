// clinorch serve: one page, vanilla JS. Runs a case through the API, follows its events, shows the result.
"use strict";
const $ = (sel) => document.querySelector(sel);
const el = (tag, props = {}, ...kids) => { const n = Object.assign(document.createElement(tag), props); n.append(...kids); return n; };
const view = { runId: null, shape: null, spacing: null, preset: "abdomen", image: new Image() };
let source = null;

async function api(path, options) {
  const response = await fetch(path, options);
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error(body?.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : response.statusText);
  return body;
}

function message(text) { const m = $("#message"); m.hidden = !text; m.textContent = text || ""; }

async function loadCases() {
  const cases = await api("/api/cases");
  const select = $("#case-select");
  for (const c of cases) select.append(el("option", { value: c.id, textContent: `${c.case_id} (${c.id})` }));
  const describe = () => {
    const c = cases.find((x) => x.id === select.value);
    $("#case-description").textContent = c ? `${c.question || "full work-up"}` : "";
  };
  select.addEventListener("change", describe); describe();
}

async function loadRuns() {
  const runs = await api("/api/runs");
  $("#runs").replaceChildren(...runs.slice(0, 12).map((r) => el("li", {},
    el("a", { href: `?run=${r.run_id}`, textContent: `${r.case_id} — ${r.status || "running"}` }))));
}

function reset() {
  message(""); $("#steps").replaceChildren(); $("#answer").replaceChildren("Running…");
  $("#downloads").replaceChildren(); $("#checks tbody").replaceChildren(); $("#evidence tbody").replaceChildren();
  $("#legend").replaceChildren(); view.shape = null;
  const ctx = $("#viewer").getContext("2d"); ctx.clearRect(0, 0, 512, 512);
}

function follow(runId) {
  reset(); view.runId = runId;
  if (source) source.close();
  source = new EventSource(`/api/runs/${runId}/events`);
  source.onmessage = (msg) => onEvent(runId, JSON.parse(msg.data));
  source.onerror = () => { if (source.readyState === EventSource.CLOSED) source = null; };
}

function onEvent(runId, event) {
  if (runId !== view.runId) return;
  if (event.event === "start") {
    const li = el("li", { className: "running" }, el("b", { textContent: event.node }), " ",
      el("span", { className: "dur", textContent: "running…" }));
    li.dataset.node = event.node;
    $("#steps").append(li);
  } else if (event.event === "end") {
    const li = [...$("#steps").querySelectorAll("li.running")].reverse().find((n) => n.dataset.node === event.node);
    if (!li) return;
    li.className = "done";
    li.querySelector(".dur").textContent = `✓ ${(event.duration_s * 1000).toFixed(0)} ms`;
    const detail = Object.entries(event.summary || {}).filter(([, v]) => v === null || typeof v !== "object" || Array.isArray(v))
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.length : v}`).join(", ");
    if (detail) li.append(" ", el("span", { className: "detail", textContent: detail }));
  } else if (event.event === "done") {
    source?.close(); showResult(runId); loadRuns();
  } else if (event.event === "error") {
    source?.close();
    $("#answer").replaceChildren(el("span", { className: "status error", textContent: "error" }));
    message(`The run stopped: ${event.message}`); loadRuns();
  }
}

async function showResult(runId) {
  const run = await api(`/api/runs/${runId}`);
  const r = run.result; if (!r) return;
  const answer = $("#answer");
  const text = r.answer && r.choices && r.choices[r.answer] ? `${r.answer}. ${r.choices[r.answer]}` : (r.answer || "—");
  answer.replaceChildren(el("span", { className: `status ${r.status}`, textContent: r.status }), " ",
    el("b", { id: "answer-text", textContent: r.status === "answered" ? text : "" }),
    el("p", { className: "muted", textContent: r.question || "" }));
  if (r.reasons?.length) {
    answer.append(el("ul", { id: "reasons" }, ...r.reasons.map((x) => el("li", { textContent: x }))));
    if (r.status === "rejected") message(`The case was refused: ${r.reasons.join("; ")}`);
  }
  const files = run.last_event?.files || ["result.json"];
  const names = { "result.json": "result.json", "report.html": "Report", "segmentation.dcm": "DICOM SEG", "fhir_bundle.json": "FHIR bundle" };
  $("#downloads").replaceChildren(...Object.entries(names).filter(([f]) => files.includes(f)).map(([f, label]) =>
    el("a", { href: `/api/runs/${runId}/files/${f}`, textContent: `⬇ ${label}`, download: "" })));
  const checks = r.review?.checks || [];
  $("#checks tbody").replaceChildren(...checks.map((c) => el("tr", {},
    el("td", { className: c.passed ? "pass" : "fail", textContent: c.passed ? "✓ pass" : "✗ fail" }),
    el("td", { textContent: c.name }), el("td", { textContent: c.clinical || c.reason }))));
  if (!checks.length) $("#checks tbody").append(el("tr", {}, el("td", { colSpan: 3, className: "muted", textContent: "no review (see the answer)" })));
  $("#evidence tbody").replaceChildren(...r.evidence.map((e) => el("tr", {},
    ...[e.agent, e.kind, e.target || "", e.name, value(e), e.citation || e.reason || ""].map((t) => el("td", { textContent: t })))));
  filterEvidence();
  if (files.includes("viewer.npz")) openViewer(runId);
}

function value(e) {
  if (e.value === null || e.value === undefined) return e.passed === null || e.passed === undefined ? "" : (e.passed ? "pass" : "fail");
  const v = typeof e.value === "number" ? (Number.isInteger(e.value) ? e.value : e.value.toFixed(2)) : String(e.value);
  return e.unit ? `${v} ${e.unit}` : v;
}

function filterEvidence() {
  const words = $("#evidence-filter").value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const row of $("#evidence tbody").rows) row.hidden = !words.every((w) => row.textContent.toLowerCase().includes(w));
}

async function openViewer(runId) {
  const v = await api(`/api/runs/${runId}/viewer`);
  view.shape = v.shape; view.spacing = v.spacing;
  const canvas = $("#viewer");
  const [nx, ny] = v.shape, [sx, sy] = v.spacing;  // display: columns i (x), rows j (y), in mm
  const scale = 512 / Math.max(nx * sx, ny * sy);
  canvas.width = Math.round(nx * sx * scale); canvas.height = Math.round(ny * sy * scale);
  const slider = $("#slice"); slider.max = v.shape[2] - 1; slider.value = v.start_slice;
  $("#legend").replaceChildren(...v.labels.map((l) => el("li", {}, el("span", { style: `background:${l.colour}` }), l.name)));
  draw();
}

function draw() {
  if (!view.shape) return;
  const k = $("#slice").value;
  $("#slice-label").textContent = `slice ${k} / ${view.shape[2] - 1}`;
  const overlay = $("#overlay").checked;
  view.image.onload = () => { const c = $("#viewer"); c.getContext("2d").drawImage(view.image, 0, 0, c.width, c.height); c.dataset.slice = k; };
  view.image.src = `/api/runs/${view.runId}/slices/${k}?preset=${view.preset}&overlay=${overlay}`;
}

$("#slice").addEventListener("input", draw);
$("#overlay").addEventListener("change", draw);
$("#viewer").addEventListener("wheel", (e) => {
  if (!view.shape) return; e.preventDefault();
  const s = $("#slice"); s.value = Math.min(+s.max, Math.max(0, +s.value + (e.deltaY > 0 ? -1 : 1))); draw();
}, { passive: false });
for (const b of document.querySelectorAll("[data-preset]")) b.addEventListener("click", () => {
  document.querySelectorAll("[data-preset]").forEach((x) => x.classList.toggle("on", x === b));
  view.preset = b.dataset.preset; draw();
});
$("#evidence-filter").addEventListener("input", filterEvidence);

$("#run-form").addEventListener("submit", async (e) => {
  e.preventDefault(); message("");
  const form = new FormData();
  const file = $("#file").files[0], masks = $("#masks").files[0];
  if (file) { form.append("file", file); if (masks) form.append("masks", masks); } else form.append("case_id", $("#case-select").value);
  form.append("question", $("#question").value); form.append("choices", $("#choices").value);
  $("#run-button").disabled = true;
  try {
    const { run_id } = await api("/api/runs", { method: "POST", body: form });
    history.pushState({}, "", `?run=${run_id}`); follow(run_id);
  } catch (err) { message(`Not started: ${err.message}`); } finally { $("#run-button").disabled = false; }
});

loadCases().catch((err) => message(`Cases could not be listed: ${err.message}`));
loadRuns();
const wanted = new URLSearchParams(location.search).get("run");
if (wanted) follow(wanted);
