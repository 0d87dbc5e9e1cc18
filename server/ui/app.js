// dagrun's web UI: pages drawn from the JSON API, no library, no build step.
"use strict";

const state = { csrf: "", auth: "none", stream: null, timers: [] };
const SVGNS = "http://www.w3.org/2000/svg";

// h builds an element: h("a", {href: "#"}, "text", child...). Text is always
// set as text, never parsed as HTML.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

// badge shows a status by colour and by word.
function badge(status, short) {
  const cls = "status s-" + String(status).replace(/ /g, "-") + (short ? " abbr" : "");
  return h("span", { class: cls, title: status }, short ? status.slice(0, 1).toUpperCase() : status);
}

function announce(text) { document.getElementById("announce").textContent = text; }

function fmtDuration(sec) {
  if (sec === null || sec === undefined) return "";
  if (sec < 1) return Math.round(sec * 1000) + " ms";
  if (sec < 60) return sec.toFixed(1) + " s";
  const m = Math.floor(sec / 60);
  if (m < 60) return m + " min " + Math.round(sec % 60) + " s";
  return Math.floor(m / 60) + " h " + (m % 60) + " min";
}

function fmtTime(t) {
  if (!t) return "";
  const d = new Date(t);
  return isNaN(d) ? "" : d.toLocaleString();
}

class APIError extends Error {
  constructor(status, body) { super(body && body.error ? body.error : "HTTP " + status); this.status = status; this.body = body; }
}

async function api(method, path, body) {
  const opts = { method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
  if (method !== "GET") {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body || {});
    if (state.csrf) opts.headers["X-Dagrun-Csrf"] = state.csrf;
  }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (res.status === 401) { showLogin(); throw new APIError(401, data); }
  if (!res.ok) throw new APIError(res.status, data);
  return data;
}

const enc = encodeURIComponent;

function main() { return document.getElementById("main"); }

function setPage(title, ...kids) {
  stopLive();
  document.title = title + " · dagrun";
  const m = main();
  m.replaceChildren(...kids.flat().filter(Boolean));
}

function stopLive() {
  if (state.stream) { state.stream.close(); state.stream = null; }
  for (const t of state.timers) clearTimeout(t);
  state.timers = [];
}

// ---- Login ----

function showLogin(message) {
  stopLive();
  const err = h("p", { id: "login-error", class: "error", role: "alert" }, message || "");
  const input = h("input", { id: "token", type: "password", name: "token", autocomplete: "current-password", required: true });
  const form = h("form", { id: "login-form", class: "login", onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      const res = await fetch("/ui/login", { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: input.value }) });
      if (!res.ok) { err.textContent = "Wrong token."; input.select(); return; }
      await loadSession();
      route();
    } catch (e) { err.textContent = String(e.message || e); }
  } },
    h("div", { class: "field" }, h("label", { for: "token" }, "API token"), input,
      h("p", { class: "help" }, "This server requires its token (serve --token or $DAGRUN_TOKEN).")),
    h("button", { class: "primary", type: "submit" }, "Log in"), err);
  document.title = "Log in · dagrun";
  main().replaceChildren(h("h1", {}, "Log in"), form);
  input.focus();
}

async function loadSession() {
  const res = await fetch("/api/v1/session", { credentials: "same-origin", headers: { "Accept": "application/json" } });
  if (res.status === 401) return false;
  const data = await res.json();
  state.csrf = data.csrf || "";
  state.auth = data.auth;
  document.getElementById("logout").hidden = data.auth !== "token";
  return true;
}

// ---- Pipelines page ----

async function pipelinesPage() {
  const data = await api("GET", "/api/v1/pipelines");
  const rows = [];
  for (const p of data.pipelines) {
    const next = p.schedules.map(sc => sc.next_run).filter(Boolean).sort()[0];
    const sched = p.schedules.map(sc => sc.cron ? "cron " + sc.cron : "every " + sc.every).join(", ");
    const strip = h("span", { class: "strip", "aria-label": "recent runs" });
    const last = p.last_run;
    rows.push(h("tr", { "data-pipeline": p.name },
      h("th", { scope: "row" }, p.name),
      h("td", {}, sched || h("span", { class: "muted" }, "none")),
      h("td", {}, next ? fmtTime(next) : ""),
      h("td", { class: "last" }, last ? h("a", { href: "#/runs/" + enc(last.id) }, badge(last.status)) :
        (p.running.length ? h("a", { href: "#/runs/" + enc(p.running[0]) }, badge("running")) : h("span", { class: "muted" }, "never run"))),
      h("td", { class: "dur" }, ""),
      h("td", {}, strip),
      h("td", {}, h("button", { class: "primary run", type: "button", "data-pipeline": p.name, onclick: () => openRunForm(p.name) }, "Run…"), " ",
        h("a", { href: "#/grid/" + enc(p.name), class: "gridlink" }, "Grid"))));
    api("GET", "/api/v1/runs?limit=12&pipeline=" + enc(p.name)).then(runs => {
      for (const r of runs.runs.slice().reverse()) {
        strip.append(h("a", { href: "#/runs/" + enc(r.id), title: r.id + ": " + r.status }, badge(r.status, true)));
      }
      const lastDone = runs.runs.find(r => r.finished);
      const tr = rows.find(tr => tr.dataset.pipeline === p.name);
      if (lastDone) tr.querySelector(".dur").textContent = fmtDuration(lastDone.duration_seconds);
      // Runs of earlier processes: the last recorded one.
      if (!last && !p.running.length && runs.runs.length) {
        tr.querySelector(".last").replaceChildren(h("a", { href: "#/runs/" + enc(runs.runs[0].id) }, badge(runs.runs[0].status)));
      }
    }).catch(() => {});
  }
  setPage("Pipelines", h("h1", {}, "Pipelines"),
    h("table", { id: "pipelines" },
      h("thead", {}, h("tr", {}, ["Pipeline", "Schedule", "Next tick", "Last run", "Duration", "Recent runs", ""].map(t => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows)));
}

// openRunForm asks for the pipeline's variables (typed inputs, defaults
// filled, sensitive ones masked) and starts a run with them.
async function openRunForm(name) {
  const data = await api("GET", "/api/v1/pipelines/" + enc(name) + "/variables");
  const fields = [];
  const readers = {};
  const defaults = {};
  for (const v of data.variables) {
    const id = "var-" + v.name;
    let input;
    const def = v.default === undefined ? undefined : v.default;
    defaults[v.name] = def;
    if (v.type === "bool") {
      input = h("input", { id, name: id, type: "checkbox", checked: def === true });
      readers[v.name] = () => input.checked;
    } else if (v.type === "number") {
      input = h("input", { id, name: id, type: "number", step: "any", value: def === undefined ? "" : def, required: v.required });
      readers[v.name] = () => input.value === "" ? undefined : Number(input.value);
    } else if (v.type === "string") {
      input = h("input", { id, name: id, type: v.sensitive ? "password" : "text", value: def === undefined ? "" : def, required: v.required, autocomplete: "off" });
      readers[v.name] = () => input.value;
    } else {
      input = h("textarea", { id, name: id, rows: 3, required: v.required }, def === undefined ? "" : JSON.stringify(def));
      readers[v.name] = () => input.value.trim() === "" ? undefined : JSON.parse(input.value);
    }
    fields.push(h("div", { class: "field" },
      h("label", { for: id }, v.name + " ", h("span", { class: "muted" }, "(" + v.type + (v.sensitive ? ", sensitive" : "") + ")")),
      input, v.description ? h("p", { class: "help" }, v.description) : null));
  }
  const err = h("p", { id: "run-error", class: "error", role: "alert" });
  const dlg = h("dialog", { id: "run-dialog", "aria-labelledby": "run-title" });
  const form = h("form", { id: "run-form", onsubmit: async (ev) => {
    ev.preventDefault();
    const vars = {};
    try {
      // Only the values the user set: a default stays the pipeline's.
      for (const [k, read] of Object.entries(readers)) {
        const v = read();
        if (v !== undefined && JSON.stringify(v) !== JSON.stringify(defaults[k])) vars[k] = v;
      }
    } catch (e) { err.textContent = "A value is not valid JSON: " + e.message; return; }
    const body = Object.keys(vars).length ? { vars } : {};
    try {
      const run = await api("POST", "/api/v1/pipelines/" + enc(name) + "/runs", body);
      dlg.close(); dlg.remove();
      location.hash = "#/runs/" + enc(run.state_id || run.id);
    } catch (e) { err.textContent = e.message; }
  } },
    h("h2", { id: "run-title" }, "Run " + name),
    fields.length ? fields : h("p", { class: "muted" }, "This pipeline has no variables."),
    err,
    h("div", {}, h("button", { id: "run-submit", class: "primary", type: "submit" }, "Start run"), " ",
      h("button", { type: "button", onclick: () => { dlg.close(); dlg.remove(); } }, "Cancel")));
  dlg.append(form);
  document.body.append(dlg);
  dlg.showModal();
}

// ---- Runs list ----

async function runsPage(params) {
  const q = new URLSearchParams(params);
  const limit = 50, offset = Number(q.get("offset") || 0);
  q.set("limit", limit);
  const data = await api("GET", "/api/v1/runs?" + q.toString());
  const rows = data.runs.map(r => h("tr", { "data-run": r.id },
    h("td", {}, h("a", { href: "#/runs/" + enc(r.id) }, r.id)), h("td", {}, r.pipeline), h("td", {}, badge(r.status)),
    h("td", {}, fmtTime(r.started)), h("td", {}, fmtDuration(r.duration_seconds))));
  const nav = h("p", {});
  if (offset > 0) { const p = new URLSearchParams(q); p.set("offset", Math.max(0, offset - limit)); nav.append(h("a", { href: "#/runs?" + p }, "← Newer"), " "); }
  if (data.next) { const p = new URLSearchParams(q); p.set("offset", offset + data.runs.length); nav.append(h("a", { href: "#/runs?" + p }, "Older →")); }
  setPage("Runs", h("h1", {}, "Runs"), h("p", { class: "muted" }, data.total + " runs"),
    h("table", { id: "runs" }, h("thead", {}, h("tr", {}, ["Run", "Pipeline", "Status", "Started", "Duration"].map(t => h("th", { scope: "col" }, t)))), h("tbody", {}, rows)), nav);
}

// ---- Run page ----

const liveStatuses = new Set(["pending", "running", "retrying"]);

async function runPage(id, params) {
  let run = await api("GET", "/api/v1/runs/" + enc(id));
  const graph = await api("GET", "/api/v1/pipelines/" + enc(run.pipeline) + "/graph").catch(() => null);
  const statusEl = h("span", { id: "run-status" });
  const cancelBtn = h("button", { id: "cancel", class: "danger", type: "button", onclick: () => act("cancel") }, "Cancel run");
  const resumeBtn = h("button", { id: "resume", type: "button", onclick: () => act("resume") }, "Resume");
  const msg = h("p", { id: "run-message", class: "error", role: "alert" });
  const meta = h("p", { class: "muted", id: "run-meta" });
  const panel = h("section", { id: "panel", "aria-label": "Pipe" }, h("p", { class: "muted" }, "Select a pipe (click it, or Tab to it and press Enter)."));
  const gantt = h("div", { class: "gantt", id: "gantt" });
  const nodes = {};
  const svg = graph ? drawGraph(graph, nodes, pid => selectPipe(pid)) : h("p", {}, "No graph.");
  let selected = params.get("pipe") || "";
  let panelFor = null;

  async function act(what) {
    msg.textContent = "";
    try {
      const r = await api("POST", "/api/v1/runs/" + enc(run.state_id || run.id) + "/" + what);
      if (what === "cancel") { announce("Cancelling the run"); }
      else location.hash = "#/runs/" + enc(r.state_id || r.id);
    } catch (e) { msg.textContent = e.message; }
  }

  function selectPipe(pid) {
    selected = pid;
    for (const [k, n] of Object.entries(nodes)) n.el.classList.toggle("selected", k === pid);
    panelFor = null;
    renderPanel();
  }

  function pipesOf(nodeID) {
    return run.pipes.filter(p => p.id === nodeID || p.id.startsWith(nodeID + "["));
  }

  function update() {
    statusEl.replaceChildren(badge(run.status));
    meta.textContent = "Pipeline " + run.pipeline + " · started " + fmtTime(run.started) + (run.duration_seconds !== undefined ? " · " + fmtDuration(run.duration_seconds) : "") +
      (run.resumed_from ? " · resumes " + run.resumed_from : "") + (run.error ? " · " + run.error : "");
    const live = run.status === "running" || run.status === "queued";
    cancelBtn.disabled = !live;
    resumeBtn.disabled = live;
    for (const [nid, n] of Object.entries(nodes)) {
      const ps = pipesOf(nid);
      const own = ps.find(p => p.id === nid);
      let st = own ? own.status : "pending";
      let text = st;
      if (n.fanOut) {
        const inst = ps.filter(p => p.id !== nid);
        if (inst.length) {
          const done = inst.filter(p => p.status === "succeeded").length;
          text = st + " · " + done + "/" + inst.length + " ok";
          if (inst.some(p => p.status === "running" || p.status === "retrying") && !["failed", "succeeded", "cancelled", "skipped"].includes(st)) st = "running";
        }
      }
      // A fan-out's or a composite's own attempts say nothing: its members' do.
      if (own && own.attempts > 1 && !n.fanOut && !n.composite) text += " · try " + own.attempts;
      if (n.status !== st || n.text !== text) {
        n.el.setAttribute("class", "node n-" + st.replace(/ /g, "-") + (nid === selected ? " selected" : ""));
        n.el.setAttribute("data-status", st);
        n.el.setAttribute("aria-label", n.label + ": " + text);
        n.stext.textContent = text;
        n.status = st; n.text = text;
      }
    }
    renderGantt();
    renderPanel();
  }

  // The timeline is redrawn at most once a second while the run goes.
  let ganttAt = 0, ganttLater = null;
  function renderGantt() {
    const now = Date.now();
    if (now - ganttAt < 1000 && liveRun()) {
      if (!ganttLater) ganttLater = setTimeout(() => { ganttLater = null; renderGantt(); }, 1000 - (now - ganttAt));
      state.timers.push(ganttLater);
      return;
    }
    ganttAt = now;
    gantt.replaceChildren(drawGantt(run));
  }

  function liveRun() { return run.status === "running" || run.status === "queued"; }

  function renderPanel() {
    if (!selected) return;
    const p = run.pipes.find(x => x.id === selected) || run.pipes.find(x => x.path === selected);
    if (!p) { panel.replaceChildren(h("p", {}, "No pipe " + selected + " in this run.")); return; }
    const key = p.id + "|" + p.status + "|" + p.attempts + "|" + (p.error || "") + "|" + (p.output || "");
    if (panelFor === key) return;
    const first = panelFor === null || !panelFor.startsWith(p.id + "|");
    panelFor = key;
    let log = first ? h("pre", { id: "pipe-log", tabindex: 0, "aria-label": "log of " + p.path }) : panel.querySelector("#pipe-log");
    const rerun = h("button", { id: "rerun", type: "button", disabled: liveRun(), onclick: async () => {
      try {
        const r = await api("POST", "/api/v1/runs/" + enc(run.state_id || run.id) + "/pipes/" + enc(p.id) + "/rerun");
        location.hash = "#/runs/" + enc(r.state_id || r.id);
      } catch (e) { msg.textContent = e.message; }
    } }, "Re-run this pipe and downstream");
    panel.replaceChildren(...[
      h("h2", { id: "pipe-title" }, p.path),
      h("dl", {},
        h("dt", {}, "Status"), h("dd", { id: "pipe-status" }, badge(p.status), p.reason ? " (" + p.reason + ")" : "", p.reused ? " (reused)" : ""),
        h("dt", {}, "Attempts"), h("dd", {}, String(p.attempts)),
        h("dt", {}, "Duration"), h("dd", {}, fmtDuration(p.duration_seconds))),
      p.error ? [h("h3", {}, "Error"), h("pre", { id: "pipe-error", class: "error" }, p.error),
        h("h4", {}, "Last lines of its log"), h("pre", { id: "pipe-tail" }, lastLines(log.textContent, 15))] : null,
      p.output ? [h("h3", {}, "Output"), h("pre", { id: "pipe-output" }, p.output)] : null,
      h("h3", {}, "Log"), log, rerun].flat().filter(Boolean));
    if (first) tailLog(p.id, log);
  }

  // tailLog reads the pipe's log from where it got to, again while the pipe
  // may still write.
  function tailLog(pid, pre) {
    let offset = 0;
    const runID = run.state_id || run.id;
    async function step() {
      if (!document.body.contains(pre)) return;
      try {
        const chunk = await api("GET", "/api/v1/runs/" + enc(runID) + "/pipes/" + enc(pid) + "/log?offset=" + offset);
        if (chunk.text) {
          pre.append(chunk.text);
          pre.scrollTop = pre.scrollHeight;
          const tail = document.getElementById("pipe-tail");
          if (tail) tail.textContent = lastLines(pre.textContent, 15);
        }
        offset = chunk.next_offset;
        const p = run.pipes.find(x => x.id === pid);
        if (chunk.live || chunk.next_offset < chunk.size || (p && liveStatuses.has(p.status)) || liveRun()) {
          state.timers.push(setTimeout(step, chunk.next_offset < chunk.size ? 0 : 700));
        }
        pre.dataset.offset = offset;
      } catch (e) {
        if (!pre.textContent) pre.textContent = "(no log: " + e.message + ")";
      }
    }
    step();
  }

  setPage("Run " + id,
    h("div", { class: "runhead" }, h("h1", {}, "Run ", h("code", {}, run.id)), statusEl,
      h("div", { class: "actions" }, cancelBtn, resumeBtn, h("a", { href: "#/grid/" + enc(run.pipeline) }, "Grid"))),
    meta, msg,
    h("div", { class: "cols" },
      h("div", {}, h("h2", {}, "Graph"), h("div", { class: "graphbox" }, svg),
        h("h2", {}, "Timeline"),
        h("p", { class: "legend" }, h("span", {}, h("i", { class: "lg-wait" }), "waiting for a slot"), h("span", {}, h("i", { class: "lg-attempt" }), "attempt"), h("span", {}, h("i", { class: "lg-backoff" }), "back-off")),
        gantt),
      panel));
  if (selected) selectPipe(selected);
  update();
  if (run.status === "running" || run.status === "queued") {
    const es = new EventSource("/api/v1/runs/" + enc(run.state_id || run.id) + "/events");
    state.stream = es;
    es.addEventListener("run", ev => { run = JSON.parse(ev.data); update(); });
    es.addEventListener("end", ev => { es.close(); announce("Run " + JSON.parse(ev.data).status); });
  }
}

// lastLines is the end of a log: its last n lines.
function lastLines(text, n) {
  const lines = text.replace(/\n$/, "").split("\n");
  return lines.slice(-n).join("\n");
}

// drawGraph draws the laid-out graph; nodes[id] gets each node's elements.
function drawGraph(g, nodes, onSelect) {
  const svg = s("svg", { width: g.width, height: g.height, viewBox: "0 0 " + g.width + " " + g.height, role: "group", "aria-label": "graph of " + g.pipeline, id: "graph" });
  for (const gr of g.groups) {
    svg.append(s("g", { class: "group" }, s("rect", { x: gr.x, y: gr.y, width: gr.w, height: gr.h, rx: 6 }), s("text", { x: gr.x + 6, y: gr.y + 12 }, gr.label)));
  }
  svg.append(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
    s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#8893a7" }))));
  for (const e of g.edges) svg.append(s("path", { class: "edge", d: e.d, "marker-end": "url(#arrow)" }));
  for (const n of g.nodes) {
    const label = n.label.length > 26 ? n.label.slice(0, 25) + "…" : n.label;
    const stext = s("text", { class: "stext", x: n.x + n.w / 2, y: n.y + 29, "text-anchor": "middle" }, "pending");
    const el = s("g", { class: "node n-pending", tabindex: 0, role: "button", "data-id": n.id, "data-status": "pending", "aria-label": n.label + ": pending",
      onclick: () => onSelect(n.id), onkeydown: ev => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onSelect(n.id); } } },
      n.fan_out ? [s("rect", { class: "stack", x: n.x + 6, y: n.y - 6, width: n.w, height: n.h, rx: 5 }), s("rect", { class: "stack", x: n.x + 3, y: n.y - 3, width: n.w, height: n.h, rx: 5 })] : null,
      s("rect", { class: "box", x: n.x, y: n.y, width: n.w, height: n.h, rx: 5 }),
      s("title", {}, n.label),
      s("text", { x: n.x + n.w / 2, y: n.y + 15, "text-anchor": "middle" }, label),
      stext);
    svg.append(el);
    nodes[n.id] = { el, stext, label: n.label, fanOut: n.fan_out, composite: n.composite, status: "pending", text: "pending" };
  }
  return svg;
}

// drawGantt draws each pipe's waits, attempts and back-offs on one time axis.
function drawGantt(run) {
  const rows = run.pipes.filter(p => p.spans && p.spans.length);
  if (!rows.length) return h("p", { class: "muted" }, "Nothing has started yet.");
  const t0 = Math.min(...rows.map(p => Date.parse(p.spans[0].start)));
  const now = Date.now();
  const ends = rows.flatMap(p => p.spans.map(sp => sp.end ? Date.parse(sp.end) : now));
  const t1 = Math.max(t0 + 1, ...ends);
  const labelW = 200, W = 640, rowH = 18;
  const x = t => labelW + (t - t0) / (t1 - t0) * (W - labelW - 10);
  const svg = s("svg", { width: W, height: rows.length * rowH + 24, role: "img", "aria-label": "timeline of the run's attempts" });
  rows.forEach((p, i) => {
    const y = i * rowH + 4;
    svg.append(s("text", { x: 4, y: y + 12 }, p.path.length > 28 ? p.path.slice(0, 27) + "…" : p.path));
    for (const sp of p.spans) {
      const a = Date.parse(sp.start), b = sp.end ? Date.parse(sp.end) : now;
      const cls = sp.kind + (sp.kind === "attempt" ? " r-" + (sp.result === "ok" ? "succeeded" : sp.result || "running") : "");
      svg.append(s("rect", { class: cls, x: x(a), y, width: Math.max(1, x(b) - x(a)), height: rowH - 5 },
        s("title", {}, p.path + ": " + sp.kind + (sp.attempt ? " " + sp.attempt : "") + (sp.result ? " (" + sp.result + ")" : "") + ", " + fmtDuration((b - a) / 1000))));
    }
  });
  svg.append(s("text", { x: labelW, y: rows.length * rowH + 18 }, "0 s"));
  svg.append(s("text", { x: W - 60, y: rows.length * rowH + 18 }, fmtDuration((t1 - t0) / 1000)));
  return svg;
}

// ---- Grid ----

async function gridPage(name) {
  const g = await api("GET", "/api/v1/pipelines/" + enc(name) + "/grid?runs=20");
  const head = h("tr", {}, h("th", { scope: "col" }, "Pipe"),
    g.runs.map(r => h("th", { scope: "col", class: "run" }, h("a", { href: "#/runs/" + enc(r.id), title: r.status }, r.id.slice(0, 15)))));
  const statusRow = h("tr", {}, h("th", { scope: "row" }, "Run"), g.runs.map(r => h("td", { class: "cell" }, badge(r.status, true))));
  const children = {};
  for (const row of g.rows) if (row.group) (children[row.group] = children[row.group] || []).push(row.id);
  const trs = {};
  const body = g.rows.map(row => {
    const kids = children[row.id];
    const toggle = kids ? h("button", { type: "button", class: "fold", "aria-expanded": "false", "aria-label": "show the steps and instances of " + row.path,
      onclick: ev => {
        const open = ev.currentTarget.getAttribute("aria-expanded") !== "true";
        ev.currentTarget.setAttribute("aria-expanded", String(open));
        ev.currentTarget.textContent = open ? "▾" : "▸";
        setOpen(row.id, open);
      } }, "▸") : null;
    const tr = h("tr", { "data-pipe": row.id, class: row.group ? "child" : "", hidden: !!row.group },
      h("td", { class: "name" }, toggle, " ", row.path),
      row.cells.map((c, i) => h("td", { class: "cell", "data-run": g.runs[i].id, "data-pipe": row.id },
        c ? h("a", { href: "#/runs/" + enc(g.runs[i].id) + "?pipe=" + enc(row.id), "aria-label": row.path + " in run " + g.runs[i].id + ": " + c.status }, badge(c.status, true)) : "")));
    trs[row.id] = tr;
    return tr;
  });
  function setOpen(id, open) {
    for (const k of children[id] || []) {
      trs[k].hidden = !open;
      if (!open) setOpen(k, false);
    }
  }
  setPage("Grid " + name, h("h1", {}, "Grid of ", name),
    h("p", { class: "muted" }, "Rows are pipes, columns the last runs (newest first). Letters: S succeeded, F failed, R running or retrying, P pending, C cancelled. ▸ opens a composite's steps or a fan-out's instances."),
    h("table", { id: "grid" }, h("thead", {}, head, statusRow), h("tbody", {}, body)));
}

// ---- Routing ----

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts.length === 0) await pipelinesPage();
    else if (parts[0] === "runs" && parts.length === 1) await runsPage(params);
    else if (parts[0] === "runs") await runPage(parts[1], params);
    else if (parts[0] === "grid") await gridPage(parts[1]);
    else setPage("Not found", h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/" }, "Pipelines")));
  } catch (e) {
    if (e.status === 401) return;
    setPage("Error", h("h1", {}, "Error"), h("p", { class: "error", role: "alert" }, e.message));
  }
}

document.getElementById("logout").addEventListener("click", async () => {
  await fetch("/ui/logout", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: "{}" });
  state.csrf = "";
  showLogin();
});
window.addEventListener("hashchange", route);
(async () => {
  if (await loadSession()) route(); else showLogin();
})();
