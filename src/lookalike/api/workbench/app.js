// The lookalike workbench: plain JavaScript over the public API (no build step, no library).
"use strict";

const SIZE_BANDS = [[1, 10], [11, 50], [51, 200], [201, 500], [501, 1000], [1001, 5000],
  [5001, 10000], [10001, null]];
const SENIORITIES = ["Other", "Intern", "Entry", "Senior", "Manager", "Director", "Partner",
  "Vice President", "C-Suite", "Founder"];
const DEPARTMENTS = ["Business Development", "Consulting", "Customer Service",
  "Engineering & Technical", "Finance", "General Management", "Health Care & Medical",
  "Human Resources", "Information Technology", "Legal", "Marketing", "Operations", "Other",
  "Product", "Research & Analytics", "Sales"];
const PASTE_HEADERS = new Set(["id", "personid", "contactid", "companyid", "accountid", "email",
  "domain", "website", "companydomain", "fqdn"]);

const state = {
  kind: "contacts", seeds: [], results: [], excluded: new Set(), pendingExclude: [],
  requestId: null, seedCount: 0, remaining: null,
};

const $ = (id) => document.getElementById(id);

class ApiError extends Error {}

async function api(path, options = {}) {
  const key = $("api-key").value.trim();
  if (!key) throw new ApiError("Enter an API key first (the api_key header).");
  const headers = { api_key: key, ...(options.body ? { "Content-Type": "application/json" } : {}) };
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch (error) {
    throw new ApiError(`The server could not be reached (${error.message}).`);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = body.message || (body.error && body.error.message);
    throw new ApiError(message || `The server answered ${response.status}.`);
  }
  return body;
}

function showError(error) {
  const box = $("error");
  box.textContent = error ? error.message : "";
  box.hidden = !error;
}

async function guarded(action) {
  showError(null);
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(error);
    showError(error);
  }
}

// --- seeds -------------------------------------------------------------------------------------

function seedOf(card) {
  if (state.kind === "contacts") {
    return { label: card.name, key: card.id, seed: { personId: card.id, companyId: card.companyId } };
  }
  return { label: card.name, key: card.id, seed: { companyId: card.id } };
}

function addSeed(entry) {
  if (state.seeds.some((seed) => seed.key === entry.key)) return;
  if (state.seeds.length >= 100) throw new ApiError("A request takes at most 100 seeds.");
  state.seeds.push(entry);
  renderSeeds();
}

function renderSeeds() {
  const list = $("seeds");
  list.replaceChildren(...state.seeds.map((entry, index) => {
    const item = document.createElement("li");
    const button = textButton("Remove", `Remove seed ${entry.label}`, () => {
      state.seeds.splice(index, 1);
      renderSeeds();
      $("search-text").focus();
    });
    item.append(`${entry.label} (${entry.key}) `, button);
    return item;
  }));
  $("seed-count").textContent = String(state.seeds.length);
}

function textButton(text, label, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.addEventListener("click", () => guarded(async () => onClick()));
  return button;
}

function cardText(card) {
  const parts = [card.title, state.kind === "contacts" ? card.companyName : null, card.domain];
  return parts.filter(Boolean).join(" · ");
}

async function searchSeeds(event) {
  event.preventDefault();
  const text = $("search-text").value.trim();
  if (!text) throw new ApiError("Type a name, domain, title or id to search for.");
  const query = new URLSearchParams({ kind: state.kind, q: text, limit: "10" });
  const page = await api(`/api/entities/search?${query}`);
  const list = $("search-results");
  list.replaceChildren(...page.results.map((card) => {
    const item = document.createElement("li");
    item.append(`${card.name} — ${cardText(card)} `);
    item.append(textButton("Add", `Add seed ${card.name}`, () => addSeed(seedOf(card))));
    return item;
  }));
  if (!page.results.length) list.append(emptyItem(`Nothing matches “${text}”.`));
}

function emptyItem(text) {
  const item = document.createElement("li");
  item.textContent = text;
  return item;
}

function pastedValues(text) {
  const values = text.split(/\r?\n/).map((line) => line.split(/[,;\t]/)[0].trim())
    .map((value) => value.replace(/^"|"$/g, "").trim()).filter(Boolean);
  const header = (values[0] || "").toLowerCase().replace(/[^a-z]/g, "");
  return PASTE_HEADERS.has(header) ? values.slice(1) : values;
}

async function pastedSeed(value) {
  if (state.kind === "companies") {
    const seed = value.includes(".") ? { domain: value } : { companyId: value };
    return { label: value, key: value.toLowerCase(), seed };
  }
  if (!value.includes("@")) return { label: value, key: value, seed: { personId: value } };
  const query = new URLSearchParams({ kind: "contacts", q: value, limit: "1" });
  const page = await api(`/api/entities/search?${query}`);
  if (!page.results.length) throw new ApiError(`No contact has the e-mail address ${value}.`);
  return seedOf(page.results[0]);
}

async function addPasted(event) {
  event.preventDefault();
  const values = pastedValues($("paste-text").value);
  if (!values.length) throw new ApiError("Paste one id, e-mail address or domain per line.");
  for (const value of values) addSeed(await pastedSeed(value));
  $("paste-text").value = "";
}

// --- filters -----------------------------------------------------------------------------------

function fillChoices(fieldsetId, name, choices) {
  const fieldset = $(fieldsetId);
  for (const [value, text] of choices) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    Object.assign(input, { type: "checkbox", name, value });
    label.append(input, ` ${text}`);
    fieldset.append(label);
  }
}

function checked(name) {
  return [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
}

function listOf(id) {
  return $(id).value.split(",").map((value) => value.trim()).filter(Boolean);
}

function filters() {
  const result = {
    countries: listOf("f-countries"),
    industries: listOf("f-industries"),
    sizes: checked("size").map((index) => {
      const [min, max] = SIZE_BANDS[Number(index)];
      return max === null ? { min } : { min, max };
    }),
  };
  if (state.kind === "contacts") {
    result.seniority = checked("seniority").map(Number);
    result.departments = checked("department");
  }
  return result;
}

function pageLimit() {
  const limit = Number($("f-limit").value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 25) {
    throw new ApiError("Results per page must be a whole number from 1 to 25.");
  }
  return limit;
}

// --- recommendations ---------------------------------------------------------------------------

function resetSession() {
  Object.assign(state, { results: [], excluded: new Set(), pendingExclude: [], requestId: null });
}

async function runFirstPage() {
  if (!state.seeds.length) throw new ApiError("Add at least one seed first (search or paste).");
  const body = {
    [state.kind]: state.seeds.map((entry) => entry.seed), limit: pageLimit(), filters: filters(),
  };
  const page = await api(`/api/recommendations/${state.kind}`,
    { method: "POST", body: JSON.stringify(body) });
  resetSession();
  state.sessionKind = state.kind;
  state.seedCount = state.seeds.length - page.unresolvedSeeds.length;
  await showPage(page);
}

async function runNextPage() {
  const body = { requestId: state.requestId, limit: pageLimit(), exclude: state.pendingExclude };
  const page = await api(`/api/recommendations/${state.sessionKind}`,
    { method: "POST", body: JSON.stringify(body) });
  state.pendingExclude = [];
  await showPage(page);
}

async function showPage(page) {
  state.requestId = page.requestId;
  state.results.push(...page[state.sessionKind].filter((item) => !state.excluded.has(idOf(item))));
  await updateCredits(page);
  renderResults();
  $("more").disabled = !page.hasMore;
  $("download").disabled = !state.results.length;
  announcePage(page);
}

async function updateCredits(page) {
  if (state.remaining !== null) {
    state.remaining -= page.creditsCharged;
    return;
  }
  try { // GET /account/usage allows 5 calls a minute: ask once, then count from the pages.
    state.remaining = (await api("/account/usage")).usage.credits.remaining;
  } catch (error) {
    state.remaining = null;
  }
}

function announcePage(page) {
  const left = state.remaining === null ? "credits left unknown (usage is limited to 5 calls a "
    + "minute; try again later)" : `${state.remaining} credits left`;
  const unresolved = page.unresolvedSeeds.length
    ? ` Seeds not in the data: ${page.unresolvedSeeds.join(", ")}.` : "";
  const end = page.hasMore ? "" : " No more results match.";
  $("status").textContent = `${page.count} new ${state.sessionKind} on this page, costing `
    + `${page.creditsCharged} credits; ${left}. ${state.results.length} shown.${unresolved}${end}`;
}

function idOf(item) {
  return item.personId || item.companyId;
}

function seedLabel(id) {
  const entry = state.seeds.find((seed) => seed.key === id || seed.seed.companyId === id);
  return entry ? `${entry.label} (${id})` : id;
}

function detailsOf(item) {
  const place = item.location ? [item.location.city, item.location.country] : [];
  const parts = state.sessionKind === "contacts"
    ? [item.jobTitle, item.companyName, (item.seniority || {}).name]
    : [item.industry, item.sizeRange && `${item.sizeRange} employees`, item.fqdn];
  return [...parts, ...place].filter(Boolean).join(" · ");
}

function cell(row, content) {
  const td = document.createElement("td");
  td.append(content);
  row.append(td);
  return td;
}

function scoreBar(score) {
  const wrap = document.createElement("span");
  wrap.className = "score";
  const bar = document.createElement("span");
  bar.className = "bar";
  bar.setAttribute("aria-hidden", "true");
  const fill = document.createElement("span");
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
  bar.append(fill);
  wrap.append(bar, ` ${score.toFixed(3)}`);
  return wrap;
}

function reasonChips(reasons) {
  const list = document.createElement("ul");
  list.className = "chips";
  for (const reason of reasons) {
    const chip = document.createElement("li");
    const type = document.createElement("span");
    type.className = "chip-type";
    type.textContent = `${reason.type}:`;
    chip.append(type, ` ${reason.value} (${reason.seeds} of ${state.seedCount} seeds)`);
    list.append(chip);
  }
  return list;
}

function resultRow(item, index) {
  const row = document.createElement("tr");
  const header = document.createElement("th");
  header.scope = "row";
  header.textContent = item.name;
  row.append(header);
  cell(row, detailsOf(item));
  cell(row, scoreBar(item.score));
  cell(row, reasonChips(item.reasons || []));
  cell(row, seedLabel(item.nearestSeed));
  cell(row, textButton("Exclude", `Exclude ${item.name}`, () => excludeResult(index)));
  row.dataset.id = idOf(item);
  return row;
}

function renderResults() {
  $("results").hidden = !state.results.length;
  $("results").querySelector("tbody").replaceChildren(...state.results.map(resultRow));
}

function excludeResult(index) {
  const [item] = state.results.splice(index, 1);
  state.excluded.add(idOf(item));
  state.pendingExclude.push(idOf(item));
  renderResults();
  $("download").disabled = !state.results.length;
  $("status").textContent = `Excluded ${item.name}; later pages leave it out. `
    + `${state.results.length} shown.`;
  const buttons = $("results").querySelectorAll("tbody button");
  (buttons[Math.min(index, buttons.length - 1)] || $("more")).focus();
}

// --- wiring ------------------------------------------------------------------------------------

function changeKind(kind) {
  state.kind = kind;
  state.seeds = [];
  renderSeeds();
  $("search-results").replaceChildren();
  for (const element of document.querySelectorAll(".contacts-only")) {
    element.hidden = kind !== "contacts";
  }
}

function toggleKey() {
  const input = $("api-key");
  const shown = input.type === "text";
  input.type = shown ? "password" : "text";
  $("show-key").textContent = shown ? "Show" : "Hide";
  $("show-key").setAttribute("aria-pressed", String(!shown));
}

function start() {
  fillChoices("f-sizes", "size", SIZE_BANDS.map(([min, max], index) =>
    [String(index), max === null ? `${min}+` : `${min}-${max}`]));
  fillChoices("f-seniority", "seniority", SENIORITIES.map((name, i) => [String(i + 1), name]));
  fillChoices("f-departments", "department", DEPARTMENTS.map((name) => [name, name]));
  $("search-form").addEventListener("submit", (event) => guarded(() => searchSeeds(event)));
  $("paste-form").addEventListener("submit", (event) => guarded(() => addPasted(event)));
  $("run").addEventListener("click", () => guarded(runFirstPage));
  $("more").addEventListener("click", () => guarded(runNextPage));
  $("download").addEventListener("click", () => guarded(async () => saveFile(
    `lookalike-${state.sessionKind}.csv`, csvText(state.sessionKind, state.results, state.seedCount),
    "text/csv")));
  $("show-key").addEventListener("click", toggleKey);
  $("api-key").addEventListener("change", () => { state.remaining = null; });
  for (const radio of document.querySelectorAll('input[name="kind"]')) {
    radio.addEventListener("change", () => changeKind(radio.value));
  }
}

document.addEventListener("DOMContentLoaded", start);
