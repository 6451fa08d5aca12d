// Brochure studio: the page. No build step, no library; every text from the project is set
// with textContent (never parsed as HTML).
"use strict";

const $ = (sel) => document.querySelector(sel);
const COLORS = ["primary", "secondary", "accent", "text", "background", "tint", "warning"];
let status = null; // the last status the server sent
let brand = null; // the brand info the form was filled from
let pendingPage = null; // {file, page} to show once that leaflet's pages are there

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

async function post(route, body, raw = false) {
  const res = await fetch(route, {
    method: "POST",
    headers: raw ? {} : { "Content-Type": "application/json" },
    body: raw ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let value;
  try { value = JSON.parse(text); } catch { value = { error: text.trim() }; }
  if (!res.ok) throw new Error(value.error || text);
  return value;
}

// The preview --------------------------------------------------------------------------------

function showStatus(s) {
  status = s;
  const state = $("#state");
  state.classList.toggle("busy", s.building);
  if (s.building) state.textContent = "Building…";
  else if (s.error) state.textContent = `Not rebuilt (${s.finished})`;
  else if (s.rebuilt.length) state.textContent = `Rebuilt ${s.rebuilt.join(", ")} in ${Math.round(s.took_ms)} ms (${s.finished})`;
  else state.textContent = `Up to date (${s.finished})`;
  $("#error").hidden = !s.error;
  $("#error-text").textContent = s.error || "";
  const warn = $("#warnings");
  warn.hidden = !s.warnings.length;
  warn.querySelector("summary").textContent = `${s.warnings.length} warning(s)`;
  warn.querySelector("pre").textContent = s.warnings.join("\n");
  const box = $("#variants");
  box.classList.toggle("stale", Boolean(s.error));
  const seen = new Set();
  for (const out of s.outputs) {
    seen.add(out.variant);
    let sec = document.getElementById(`v-${out.variant}`);
    if (!sec) {
      sec = el("section", { class: "variant", id: `v-${out.variant}` },
        el("h2", {}, el("span", { text: out.variant }), " ", el("small"), el("span", { class: "rebuilt" })),
        el("div", { class: "pages" }));
      box.append(sec);
    }
    sec.querySelector("small").textContent = out.pages ? `${out.file} · ${out.pages} pages` : "";
    sec.querySelector(".rebuilt").textContent = s.rebuilt.includes(out.variant) && !s.building ? "rebuilt" : "";
    showPages(sec.querySelector(".pages"), out);
  }
  for (const sec of [...box.children]) if (!seen.has(sec.id.slice(2))) sec.remove();
  if (pendingPage && !s.building) { const p = pendingPage; pendingPage = null; showPage(p.file, p.page); }
}

function showPages(grid, out) {
  if (!out.pages) { // the web page: a link, opened from the project's own files
    if (!grid.querySelector("a")) grid.replaceChildren(el("a", { href: `file/${out.path}`, target: "_blank", rel: "noopener", text: "Open the web page" }));
    return;
  }
  const figures = [...grid.children].filter((f) => f.tagName === "FIGURE");
  if (figures.length !== grid.children.length) grid.replaceChildren();
  for (let n = 1; n <= out.pages; n++) {
    let fig = grid.children[n - 1];
    if (!fig) {
      const img = el("img", { alt: `${out.file} page ${n}`, loading: "lazy", width: "612", height: "792" });
      img.addEventListener("load", () => { img.dataset.stamp = new URL(img.currentSrc).searchParams.get("v"); });
      fig = el("figure", { id: `p-${out.file}-${n}` }, img, el("figcaption", { text: `page ${n}` }));
      grid.append(fig);
    }
    // Only the pages on screen are fetched (lazy), and an image keeps showing the old page
    // until the new one has loaded.
    const img = fig.querySelector("img");
    const url = `page/${out.file}/${n}.png?v=${out.stamp}`;
    if (img.getAttribute("src") !== url) img.src = url;
  }
  while (grid.children.length > out.pages) grid.lastChild.remove();
}

function showPage(file, page) {
  const fig = document.getElementById(`p-${file}-${page}`);
  if (!fig) return;
  fig.scrollIntoView({ behavior: "smooth", block: "center" });
  fig.classList.add("flash");
  setTimeout(() => fig.classList.remove("flash"), 1500);
}

function listen() {
  const events = new EventSource("events");
  events.onmessage = (e) => showStatus(JSON.parse(e.data));
  events.onerror = () => { $("#state").textContent = "Disconnected: is `brochure serve` still running?"; };
}

// What to preview -----------------------------------------------------------------------------

async function loadChoices() {
  const info = await (await fetch("choices")).json();
  const t = status.target;
  fill($("#leaflet"), info.leaflets.map((c) => [c.leaflet, c.label]), t.leaflet);
  fill($("#brand"), info.brands.map((b) => [b, b]), t.brand);
  const chosen = info.leaflets.find((c) => c.leaflet === t.leaflet) || { locales: [] };
  fill($("#locale"), [["", "original"], ...chosen.locales.map((l) => [l, l])], t.locale || "");
}

async function loadContent() {
  const rows = await (await fetch("content")).json();
  showLibrary(rows, status.target);
}

function fill(select, pairs, value) {
  select.replaceChildren(...pairs.map(([v, label]) => el("option", { value: v, text: label })));
  select.value = value;
}

async function select(change) {
  const t = { ...status.target, ...change };
  await post("select", t);
  status.target = t;
  await Promise.all([loadChoices(), loadBrand(t.brand)]);
  if (!$("#content-panel").hidden) await loadContent();
}

function showLibrary(rows, target) {
  const panel = $("#content-panel");
  panel.replaceChildren();
  for (const row of rows) {
    const box = el("div", { class: "leaflet" }, el("h3", { text: row.title || row.label }));
    if (row.error) { box.append(el("pre", { class: "over", text: row.error })); panel.append(box); continue; }
    const dl = el("dl");
    const add = (k, ...v) => dl.append(el("dt", { text: k }), el("dd", {}, ...v));
    add("Leaflet", row.label);
    add("Status", el("span", { class: `badge ${row.status}`, text: row.status }), ` version ${row.version}`);
    add("Reviewed", row.last_reviewed);
    add("Next review", el("span", { class: row.overdue ? "over" : "", text: row.next_review + (row.overdue ? " (due)" : "") }));
    for (const lang of row.languages) {
      const text = lang.error ? "has errors" : lang.stale || lang.missing ? `${lang.stale} stale, ${lang.missing} missing` : "up to date";
      add(`Translation ${lang.locale}`, el("span", { class: lang.error || lang.stale || lang.missing ? "over" : "", text, title: (lang.problems || []).join("\n") || lang.error || "" }));
    }
    box.append(dl);
    const list = el("ol", { "aria-label": "Reading level per section" });
    const grade = (s) => el("span", { class: s.grade > row.target_grade ? "over" : "", text: ` grade ${s.grade}` });
    const whole = row.sections[row.sections.length - 1]; // the last score is the whole brochure
    for (const s of row.sections.slice(0, -1)) {
      const link = el("a", { href: "#", text: s.title, onclick: (e) => { e.preventDefault(); openSection(s.link, target); } });
      list.append(el("li", {}, link, grade(s)));
    }
    box.append(el("p", {}, `Reading level (target grade ${row.target_grade}): whole brochure`, grade(whole), "; per section:"), list);
    panel.append(box);
  }
}

async function openSection(link, target) {
  if (link.leaflet !== target.leaflet) {
    pendingPage = { file: link.file, page: 1 };
    await select({ leaflet: link.leaflet, locale: null });
  } else showPage(link.file, link.page);
}

// The brand editor ----------------------------------------------------------------------------

async function loadBrand(name) {
  const res = await fetch(`brand?name=${encodeURIComponent(name)}`);
  brand = await res.json();
  const form = $("#brand-form");
  fill(form.elements["fonts.body"], brand.fonts.map((f) => [f, f]), brand.fields["fonts.body"]);
  fill(form.elements["fonts.heading"], brand.fonts.map((f) => [f, f]), brand.fields["fonts.heading"]);
  fill(form.elements.logo, [["", "none"], ...brand.logos.map((l) => [l, l])], brand.fields.logo);
  for (const [key, value] of Object.entries(brand.fields)) {
    const input = form.elements[key];
    if (!input || key.startsWith("colors.") || key.startsWith("fonts.") || key === "logo") continue;
    input.value = Array.isArray(value) ? value.join("\n") : value;
  }
  const box = $("#colors");
  box.querySelectorAll(".color").forEach((c) => c.remove());
  for (const c of COLORS) {
    const hex = brand.fields[`colors.${c}`];
    const picker = el("input", { type: "color", value: hex.toLowerCase(), "aria-label": `${c} colour picker` });
    const text = el("input", { type: "text", name: `colors.${c}`, value: hex, "aria-label": `${c} colour`, pattern: "#[0-9A-Fa-f]{6}" });
    picker.addEventListener("input", () => { text.value = picker.value.toUpperCase(); checkContrast(); });
    text.addEventListener("input", () => { if (/^#[0-9A-Fa-f]{6}$/.test(text.value)) { picker.value = text.value.toLowerCase(); checkContrast(); } });
    box.append(el("div", { class: "color", id: `color-${c}` }, el("div", { class: "row" }, el("span", { text: c }), picker, text), el("div", { class: "checks" })));
  }
  showContrast(brand.contrast);
  $("#save-state").textContent = "";
}

function palette() {
  const form = $("#brand-form");
  return Object.fromEntries(COLORS.map((c) => [c, form.elements[`colors.${c}`].value.toUpperCase()]));
}

let contrastTimer = null;
function checkContrast() {
  clearTimeout(contrastTimer);
  contrastTimer = setTimeout(async () => {
    try { showContrast(await post("contrast", { colors: palette() })); }
    catch (err) { $("#save-state").textContent = err.message; }
  }, 80);
}

function setColor(c, hex) {
  const box = document.getElementById(`color-${c}`);
  box.querySelector("input[type=text]").value = hex;
  box.querySelector("input[type=color]").value = hex.toLowerCase();
  checkContrast();
}

function showContrast(report) {
  for (const c of COLORS) {
    const list = document.querySelector(`#color-${c} .checks`);
    const items = report[c] || [];
    const failing = items.filter((i) => !i.passed);
    const shown = failing.length ? failing : items.slice(0, 1);
    // One fix per colour: the shade that mends the worst pair (listed first).
    list.replaceChildren(...shown.map((i, n) => {
      const p = el("p", { class: `check ${i.passed ? "pass" : "fail"}` },
        `${i.passed ? "✓ pass" : "✗ fail"} ${i.ratio.toFixed(2)}:1 against ${i.against} (needs ${i.needed}:1 for ${i.use})`);
      if (i.suggestion && n === 0) p.append(el("button", { type: "button", class: "fix", text: `Use ${i.suggestion}`, onclick: () => setColor(c, i.suggestion) }));
      return p;
    }));
  }
}

async function saveBrand(e) {
  e.preventDefault();
  const form = $("#brand-form");
  const fields = {};
  for (const key of Object.keys(brand.fields)) {
    const input = form.elements[key];
    fields[key] = key === "contact.address" ? input.value.split("\n").map((l) => l.trim()).filter(Boolean) : input.value;
  }
  const state = $("#save-state");
  state.textContent = "Saving…";
  try {
    const done = await post("brand", { name: brand.name, fields });
    state.textContent = `Saved ${done.saved}`;
  } catch (err) { state.textContent = `Not saved: ${err.message}`; }
}

async function uploadLogo() {
  const file = $("#logo-file").files[0];
  if (!file) return;
  const name = file.name.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[-_]+/, "").slice(0, 60) || "logo";
  const state = $("#logo-state");
  state.textContent = "Uploading…";
  try {
    const done = await post(`logo?name=${encodeURIComponent(name)}`, file, true);
    const form = $("#brand-form");
    fill(form.elements.logo, [["", "none"], ...done.logos.map((l) => [l, l])], done.logo);
    state.textContent = `Uploaded ${done.logo}: save to use it`;
  } catch (err) { state.textContent = `Refused: ${err.message}`; }
}

async function newBrand(e) {
  e.preventDefault();
  const name = e.target.elements.new.value;
  try {
    await post("brand/new", { name, from: brand.name });
    status.target.brand = name;
    await Promise.all([loadChoices(), loadBrand(name)]);
    $("#save-state").textContent = `Created assets/brands/${name}.yaml`;
  } catch (err) { $("#save-state").textContent = `Not created: ${err.message}`; }
}

function tabs() {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => {
      for (const t of document.querySelectorAll("[role=tab]")) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      }
      if (tab.id === "tab-content") loadContent();
    });
  }
}

async function start() {
  tabs();
  $("#brand-form").addEventListener("submit", saveBrand);
  $("#new-brand").addEventListener("submit", newBrand);
  $("#logo-file").addEventListener("change", uploadLogo);
  $("#leaflet").addEventListener("change", (e) => select({ leaflet: e.target.value, locale: null }));
  $("#brand").addEventListener("change", (e) => select({ brand: e.target.value }));
  $("#locale").addEventListener("change", (e) => select({ locale: e.target.value || null }));
  const res = await fetch("status");
  showStatus(await res.json());
  listen();
  await Promise.all([loadBrand(status.target.brand), loadChoices()]);
}

start();
