// Vietnamese by default, English on request; strings live in strings.js.
import { STRINGS } from "./strings.js";

let current = "vi";

/** The text for `key` in the current language, with {name} placeholders filled. */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The Vietnamese text for `key`, whatever the screen language: the voice reads Vietnamese. */
export function tvi(key, vars = {}) {
  const saved = current;
  current = "vi";
  try {
    return t(key, vars);
  } finally {
    current = saved;
  }
}

export function language() {
  return current;
}

/** Switch language ("vi" or "en"); the caller re-renders the screen. */
export function setLanguage(lang) {
  current = lang in STRINGS ? lang : "vi";
  document.documentElement.lang = current;
  document.dispatchEvent(new CustomEvent("languagechange", { detail: current }));
}

/** "07:30 Thứ Ba 24/11/2026" for a desk-local time "2026-11-24T07:30:00". */
export function whenText(text) {
  const [y, m, d] = String(text).slice(0, 10).split("-").map(Number);
  const weekday = t("calendar.weekdaysLong").split(",")[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
  const pad = (n) => String(n).padStart(2, "0");
  const time = String(text).slice(11, 16);
  return t("when.moment", { time, weekday, date: `${pad(d)}/${pad(m)}/${y}` });
}

/** A value the API gives in Vietnamese (priority group, rating), in the current language. */
export function tv(group, value) {
  return t(`${group}.${value}`) === `${group}.${value}` ? value : t(`${group}.${value}`);
}
