// Choosers shared by booking and queue: the desk's fields and the priority groups.
import { h } from "../dom.js";
import { choiceGroup } from "../forms.js";
import { t, tv } from "../i18n.js";

export const PRIORITIES = ["không", "người cao tuổi", "phụ nữ mang thai", "người khuyết tật"];

/** Large buttons, one per field the desk serves. */
export function fieldPicker(fields, onPick, selected = null) {
  return h(
    "div",
    { class: "field-picker", role: "list" },
    fields.map((field) =>
      h("button", {
        type: "button",
        role: "listitem",
        class: `pick${field === selected ? " selected" : ""}`,
        "data-field": field,
        text: field,
        onclick: () => onPick(field),
      }),
    ),
  );
}

/** The priority group radios (served first: elderly, pregnant, disabled). */
export function priorityChoice() {
  return choiceGroup({
    name: "priority",
    label: t("priority.label"),
    options: PRIORITIES.map((value) => [value, tv("priority", value)]),
    value: PRIORITIES[0],
  });
}

/** The desk's spelling of a field, or null when the desk does not serve it. */
export function servedField(desk, field) {
  if (!desk || !field) return null;
  const wanted = field.normalize("NFC").toLocaleLowerCase("vi");
  return desk.fields.find((known) => known.toLocaleLowerCase("vi") === wanted) || null;
}

/** Names of the counters serving a field. */
export function countersFor(desk, field) {
  if (!desk) return [];
  return desk.counters.filter((c) => c.fields.includes(field)).map((c) => c.name);
}
