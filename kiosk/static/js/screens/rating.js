// Rating: three large faces, an optional comment, then thanks.
import { submit } from "../api.js";
import { h, replace, svg } from "../dom.js";
import { busy, doneButton, fieldValue, notice, submitButton, textField } from "../forms.js";
import { t, tv } from "../i18n.js";
import { ICONS } from "../icons.js";

const SCORES = [
  ["rất hài lòng", "happy"],
  ["hài lòng", "neutral"],
  ["không hài lòng", "sad"],
];

function scoreChoice() {
  return h(
    "fieldset",
    { class: "field scores" },
    h("legend", { text: t("rating.question") }),
    h(
      "div",
      { class: "score-list" },
      SCORES.map(([value, icon]) =>
        h(
          "label",
          { class: `score score-${icon}` },
          h("input", { type: "radio", name: "score", value }),
          svg(ICONS[icon]),
          h("span", { text: tv("rating", value) }),
        ),
      ),
    ),
    h("p", { class: "field-error", "data-error-for": "score", role: "alert" }),
  );
}

export function render(ctx) {
  const out = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "rating-form", novalidate: true },
    scoreChoice(),
    textField({ name: "comment", label: t("rating.comment"), multiline: true, maxlength: 4000 }),
    h("div", { class: "form-error" }),
    submitButton(t("rating.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { score: fieldValue(form, "score") };
    const comment = fieldValue(form, "comment");
    if (comment) body.comment = comment;
    if (!body.score) delete body.score; // the API names the missing field
    const saved = await busy(form, () => submit("ratings", body));
    if (saved) {
      form.hidden = true;
      replace(out, notice(t("rating.thanks"), "success"), doneButton(ctx.go));
    }
  });
  return h("section", { class: "screen rating" }, h("h1", { text: t("rating.title") }), form, out);
}
