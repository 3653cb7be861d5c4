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
}

/** A value the API gives in Vietnamese (priority group, rating), in the current language. */
export function tv(group, value) {
  return t(`${group}.${value}`) === `${group}.${value}` ? value : t(`${group}.${value}`);
}
