// The workbench's CSV: the rows `lookalike recommend ... --out` writes, built in the browser.
"use strict";

// The columns of `lookalike recommend ... --out` (CONTACT_COLUMNS, COMPANY_COLUMNS of
// src/lookalike/cli/crm_formats.py; tests/browser/test_workbench.py compares them).
const CSV_COLUMNS = {
  contacts: ["personId", "name", "jobTitle", "companyId", "companyName", "companyDomain",
    "seniority", "departments", "country", "city", "score", "reasons", "nearestSeed"],
  companies: ["companyId", "name", "domain", "industry", "employees", "sizeRange", "country",
    "city", "foundedYear", "score", "reasons", "nearestSeed"],
};


function reasonsText(reasons, seedCount) {
  return reasons.map((r) => `${r.value} (${r.seeds} of ${seedCount} seeds)`).join("; ");
}

function csvRecord(kind, item, seedCount) {
  const location = item.location || {};
  const shared = {
    name: item.name, country: location.country, city: location.city,
    score: pythonFloat(item.score), reasons: reasonsText(item.reasons || [], seedCount),
    nearestSeed: item.nearestSeed,
  };
  if (kind === "contacts") {
    return { ...shared, personId: item.personId, jobTitle: item.jobTitle,
      companyId: item.companyId, companyName: item.companyName,
      companyDomain: item.companyDomain, seniority: (item.seniority || {}).name,
      departments: (item.departments || []).join("; ") };
  }
  return { ...shared, companyId: item.companyId, domain: item.fqdn, industry: item.industry,
    employees: item.employees, sizeRange: item.sizeRange, foundedYear: item.foundedYear };
}

function pythonFloat(value) {
  // The CLI writes Python floats: 1.0, not 1.
  return typeof value === "number" && Number.isInteger(value) ? value.toFixed(1) : value;
}

function csvField(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvText(kind, items, seedCount) {
  const columns = CSV_COLUMNS[kind];
  const lines = [columns, ...items.map((item) => {
    const record = csvRecord(kind, item, seedCount);
    return columns.map((column) => record[column]);
  })].map((values) => values.map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function saveFile(name, text, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
