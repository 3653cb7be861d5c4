// Form fields with a place for the API's validation message right under each one.
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

/**
 * A labelled text field. `keyboard`: "text" (Telex), "code" (no Telex, capitals),
 * "numeric" (digit pad). `inputmode="none"` keeps the system keyboard away: ours is on screen.
 */
export function textField({
  name,
  label,
  keyboard = "text",
  multiline = false,
  maxlength = null,
  hint = null,
  type = "text",
  value = "",
}) {
  const id = `f-${name}`;
  const attrs = {
    id,
    name,
    type: multiline ? null : type,
    inputmode: "none",
    autocomplete: "off",
    spellcheck: "false",
    maxlength,
    "data-keyboard": keyboard === "numeric" ? "numeric" : "text",
    "data-telex": keyboard === "text" ? null : "off",
    "data-case": keyboard === "code" ? "upper" : null,
    "aria-describedby": `${id}-error`,
  };
  const input = h(multiline ? "textarea" : "input", attrs);
  if (multiline) input.rows = 4;
  input.value = value;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id, text: label }),
    hint ? h("p", { class: "hint", text: hint }) : null,
    input,
    h("p", { class: "field-error", id: `${id}-error`, "data-error-for": name, role: "alert" }),
  );
}

/** A group of large radio choices; `options` is [[value, label], ...]. */
export function choiceGroup({ name, label, options, value = null }) {
  return h(
    "fieldset",
    { class: "field choices", "data-name": name },
    h("legend", { text: label }),
    h(
      "div",
      { class: "choice-list" },
      options.map(([optionValue, optionLabel]) =>
        h(
          "label",
          { class: "choice" },
          h("input", { type: "radio", name, value: optionValue, checked: optionValue === value }),
          h("span", { text: optionLabel }),
        ),
      ),
    ),
    h("p", { class: "field-error", "data-error-for": name, role: "alert" }),
  );
}

/** A message box for a whole form or screen. */
export function notice(message, kind = "error") {
  return h("div", {
    class: `notice ${kind}`,
    role: kind === "error" ? "alert" : "status",
    text: message,
  });
}

/** Clear every message of a form. */
export function clearErrors(form) {
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const general = form.querySelector(".form-error");
  if (general) replace(general);
}

/**
 * Show an ApiError: each field's message next to its field, the rest above the submit
 * button. Returns true when at least one field got its message.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const general = [];
  let placed = false;
  for (const [name, message] of Object.entries(error.fields || {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot) {
      slot.textContent = message;
      const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (input) input.setAttribute("aria-invalid", "true");
      placed = true;
    } else {
      general.push(message);
    }
  }
  if (!Object.keys(error.fields || {}).length) general.push(error.message);
  const box = form.querySelector(".form-error");
  if (box && general.length) replace(box, notice(general.join(" ")));
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.scrollIntoView({ block: "center" });
  return placed;
}

/** The trimmed value of a named control, or null when empty. */
export function fieldValue(form, name) {
  const checked = form.querySelector(`input[name="${name}"]:checked`);
  if (checked) return checked.value;
  const el = form.elements.namedItem(name);
  if (!el || el instanceof RadioNodeList) return null;
  const value = el.value.trim();
  return value === "" ? null : value;
}

/** "Xong": back to the home screen after a finished task. */
export function doneButton(go) {
  return h("button", {
    type: "button",
    class: "secondary big done",
    "data-testid": "done",
    text: t("action.done"),
    onclick: () => go(""),
  });
}

/** A submit button that shows it is busy while `action` runs. */
export function submitButton(label) {
  return h("button", { type: "submit", class: "primary big", text: label });
}

/** Run an async submit with the button disabled, mapping errors onto the form. */
export async function busy(form, action) {
  const button = form.querySelector('button[type="submit"]');
  if (button) {
    button.disabled = true;
    button.dataset.label = button.textContent;
    button.textContent = t("status.sending");
  }
  clearErrors(form);
  try {
    return await action();
  } catch (error) {
    if (error.name === "AbortError") return undefined;
    showErrors(form, error);
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      button.textContent = button.dataset.label;
    }
  }
}

/**
 * A lookup by code and the last 4 digits of a phone (dossier status, complaint tracking):
 * the two fields and a submit button; what `post(body)` finds is shown by `show(found)`
 * under the form. With `last4Optional` an empty last-4 field is left out of the body.
 * Returns [form, out].
 */
export function lookupForm({ className, code, last4, submitLabel, post, show, last4Optional = false }) {
  const out = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: className, novalidate: true },
    textField({ name: "code", keyboard: "code", ...code }),
    textField({ name: "phone_last4", keyboard: "numeric", type: "tel", maxlength: 4, ...last4 }),
    h("div", { class: "form-error" }),
    submitButton(submitLabel),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(out);
    const body = { code: fieldValue(form, "code") || "" };
    const digits = fieldValue(form, "phone_last4");
    if (digits || !last4Optional) body.phone_last4 = digits || "";
    const found = await busy(form, () => post(body));
    if (found) replace(out, show(found));
  });
  return [form, out];
}
