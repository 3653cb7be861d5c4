// On-screen keyboard for every text field, with Vietnamese Telex (see telex.js).
// A field opts out of Telex with data-telex="off" and asks for digits with
// data-keyboard="numeric". Physical keys go through the same Telex rules.
// Telex follows the screen language (on in Vietnamese, off in English: "passport for my
// son" stays as typed) until the citizen presses the VI/ABC key.
import { h, replace } from "./dom.js";
import { language, t } from "./i18n.js";
import { telexInsert } from "./telex.js";

const LETTERS = [
  ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
  ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
  ["a", "s", "d", "f", "g", "h", "j", "k", "l", "BACK"],
  ["SHIFT", "z", "x", "c", "v", "b", "n", "m", ",", "."],
  ["TELEX", "-", "SPACE", "/", "ENTER", "HIDE"],
];
const DIGITS = [
  ["1", "2", "3"],
  ["4", "5", "6"],
  ["7", "8", "9"],
  ["BACK", "0", "ENTER"],
];
const LABELS = { BACK: "⌫", SHIFT: "⇧", SPACE: "key.space", ENTER: "key.enter", HIDE: "key.hide" };

// telex: null follows the language; true/false once the VI/ABC key was pressed.
const state = { target: null, shift: false, telex: null, panel: null };

function editable(el) {
  if (!el || el.readOnly || el.disabled) return false;
  if (el.tagName === "TEXTAREA") return true;
  return el.tagName === "INPUT" && ["text", "search", "tel"].includes(el.type);
}

function telexWanted() {
  return state.telex ?? language() === "vi";
}

function telexOn() {
  return telexWanted() && state.target && state.target.dataset.telex !== "off";
}

/** Insert text at the caret of the target field, as if typed, and announce the change. */
function insert(text, { telex = false } = {}) {
  const el = state.target;
  const start = el.selectionStart ?? el.value.length;
  const end = el.selectionEnd ?? el.value.length;
  let before = el.value.slice(0, start);
  before = telex ? telexInsert(before, text) : before + text;
  const value = before + el.value.slice(end);
  if (el.maxLength > 0 && [...value].length > el.maxLength) return;
  el.value = value;
  el.setSelectionRange(before.length, before.length);
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

function backspace() {
  const el = state.target;
  const start = el.selectionStart ?? el.value.length;
  const end = el.selectionEnd ?? el.value.length;
  const chars = [...el.value.slice(0, start)];
  if (start === end) chars.pop();
  const before = chars.join("");
  el.value = before + el.value.slice(end);
  el.setSelectionRange(before.length, before.length);
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Enter: a new line in a text area, else the next field of the form, else submit. */
function enter() {
  const el = state.target;
  if (el.tagName === "TEXTAREA") return insert("\n");
  const fields = el.form ? [...el.form.elements].filter(editable) : [];
  const next = fields[fields.indexOf(el) + 1];
  if (next) return next.focus();
  hide(true);
  if (el.form) el.form.requestSubmit();
}

function press(key) {
  if (!state.target) return;
  if (key === "BACK") backspace();
  else if (key === "SPACE") insert(" ");
  else if (key === "ENTER") enter();
  else if (key === "HIDE") hide(true);
  else if (key === "SHIFT") state.shift = !state.shift;
  else if (key === "TELEX") state.telex = !telexWanted();
  else {
    const upper = state.shift || state.target.dataset.case === "upper";
    insert(upper ? key.toLocaleUpperCase("vi") : key, { telex: telexOn() });
    state.shift = false;
  }
  if (state.panel && !state.panel.hidden) draw();
}

function label(key) {
  if (key === "TELEX") return telexOn() ? "VI" : "ABC";
  if (key in LABELS) return LABELS[key].startsWith("key.") ? t(LABELS[key]) : LABELS[key];
  return state.shift ? key.toLocaleUpperCase("vi") : key;
}

function keyButton(key) {
  const active = (key === "SHIFT" && state.shift) || (key === "TELEX" && telexOn());
  return h("button", {
    type: "button",
    class: `key key-${key.length > 1 ? key.toLowerCase() : "char"}${active ? " active" : ""}`,
    "data-key": key,
    "aria-label": key === "BACK" ? t("key.back") : null,
    text: label(key),
  });
}

function draw() {
  const numeric = state.target && state.target.dataset.keyboard === "numeric";
  const rows = numeric ? DIGITS : LETTERS;
  state.panel.classList.toggle("numeric", numeric);
  replace(
    state.panel,
    rows.map((row) => h("div", { class: "key-row" }, row.map(keyButton))),
  );
}

/** Show the keyboard for a field. */
export function show(el) {
  state.target = el;
  state.panel.hidden = false;
  document.body.classList.add("keyboard-open");
  draw();
  requestAnimationFrame(() => el.scrollIntoView({ block: "center" }));
}

/** Hide the keyboard (and leave the field when `blur`). */
export function hide(blur = false) {
  if (!state.panel) return;
  if (blur && state.target) state.target.blur();
  state.panel.hidden = true;
  document.body.classList.remove("keyboard-open");
}

/** Reset for a new citizen: Telex as the language wants, keyboard hidden. */
export function resetKeyboard() {
  state.shift = false;
  state.telex = null;
  hide(true);
  state.target = null;
}

/** Create the keyboard panel and follow focus. */
export function installKeyboard() {
  state.panel = h("div", { id: "keyboard", class: "keyboard", hidden: true, role: "group" });
  state.panel.setAttribute("aria-label", t("key.keyboard"));
  // mousedown would move focus away from the field: keep it where it is.
  state.panel.addEventListener("mousedown", (event) => event.preventDefault());
  state.panel.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-key]");
    if (button) press(button.dataset.key);
  });
  document.body.append(state.panel);
  document.addEventListener("languagechange", () => {
    state.telex = null; // a new language: its own default again
    if (!state.panel.hidden) draw();
  });
  document.addEventListener("focusin", (event) => {
    if (editable(event.target)) show(event.target);
  });
  document.addEventListener("focusout", () => {
    setTimeout(() => {
      if (!editable(document.activeElement)) hide();
    }, 0);
  });
  // Physical keys: one typed letter at a time goes through Telex too.
  document.addEventListener(
    "beforeinput",
    (event) => {
      if (event.inputType !== "insertText" || !event.data || [...event.data].length !== 1) return;
      if (!editable(event.target) || event.target !== state.target || !telexOn()) return;
      if (!/^\p{L}$/u.test(event.data)) return;
      event.preventDefault();
      insert(event.data, { telex: true });
    },
    true,
  );
}
