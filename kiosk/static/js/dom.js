// Small DOM helpers. Text always goes in through textContent, never innerHTML.

/**
 * Build an element: h("button", {class: "big", onclick: fn, "data-x": 1}, "text", child).
 * Attributes starting with "on" become listeners; null/false children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "text") {
      el.textContent = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children (nodes, strings, numbers, nested arrays) to an element. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace all children of an element. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Inline SVG from a trusted icon definition (see icons.js). */
export function svg(markup, label = "") {
  const template = document.createElement("template");
  template.innerHTML = markup.trim(); // icons.js is static source, never user data
  const icon = template.content.firstElementChild;
  icon.setAttribute("aria-hidden", label ? "false" : "true");
  if (label) icon.setAttribute("aria-label", label);
  icon.classList.add("icon");
  return icon;
}

/** Parse "2026-11-24T08:15:00" (desk local time, no zone) without the browser's zone. */
export function parseLocal(text) {
  const [date, time = "00:00"] = String(text).split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return { y, m, d, hh, mm, key: date };
}

const pad = (n) => String(n).padStart(2, "0");

/** "24/11/2026" */
export function formatDate(text) {
  const t = parseLocal(text);
  return `${pad(t.d)}/${pad(t.m)}/${t.y}`;
}

/** "08:15" */
export function formatTime(text) {
  const t = parseLocal(text);
  return `${pad(t.hh)}:${pad(t.mm)}`;
}

/** "YYYY-MM-DD" of a UTC-based Date used as a plain calendar day. */
export function isoDay(date) {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** A calendar day (Date at UTC midnight) from "YYYY-MM-DD...". */
export function dayOf(text) {
  const t = parseLocal(text);
  return new Date(Date.UTC(t.y, t.m - 1, t.d));
}

/** Money in đồng: "25.000 đồng". */
export function formatMoney(amount) {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ".")} đồng`;
}

/** Run fn at most once per `ms` quiet period. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
