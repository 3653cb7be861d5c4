// Complaint (phản ánh, kiến nghị): content, optional contact; tracking code and due date.
import { qrUrl, submit } from "../api.js";
import { formatDate, h, replace } from "../dom.js";
import { busy, doneButton, fieldValue, submitButton, textField } from "../forms.js";
import { t, tvi } from "../i18n.js";
import { speakButton } from "../speech.js";

function result(ctx, complaint) {
  const due = formatDate(complaint.due_on);
  const spoken = `${tvi("complaint.done")} ${tvi("complaint.code")}: ${complaint.code.split("").join(" ")}. ${tvi("complaint.due")}: ${due}.`;
  return h(
    "div",
    { class: "result-card", "data-testid": "complaint-result" },
    h("p", { class: "lead", text: t("complaint.done") }),
    h("p", { class: "code", "data-testid": "complaint-code", text: complaint.code }),
    h(
      "div",
      { class: "result-columns" },
      h(
        "dl",
        { class: "summary" },
        h("dt", { text: t("complaint.due") }),
        h("dd", { "data-testid": "complaint-due", text: due }),
        h("dt", { text: t("complaint.status") }),
        h("dd", { text: complaint.status }),
      ),
      h(
        "figure",
        { class: "qr" },
        h("img", {
          src: qrUrl(`${t("complaint.code")}: ${complaint.code}`),
          alt: t("qr.alt"),
          width: 200,
          height: 200,
        }),
        h("figcaption", { text: t("qr.keepCode") }),
      ),
    ),
    h("p", { class: "hint", text: t("track.lead") }),
    speakButton(spoken),
    doneButton(ctx.go),
  );
}

export function render(ctx) {
  const out = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "complaint-form", novalidate: true },
    textField({ name: "content", label: t("complaint.content"), multiline: true, maxlength: 4000 }),
    h("p", { class: "hint", text: t("complaint.contactHint") }),
    textField({ name: "contact_name", label: t("complaint.name"), maxlength: 100 }),
    textField({
      name: "contact_phone",
      label: t("complaint.phone"),
      keyboard: "numeric",
      type: "tel",
      maxlength: 20,
    }),
    h("div", { class: "form-error" }),
    submitButton(t("complaint.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { content: form.elements.namedItem("content").value };
    for (const name of ["contact_name", "contact_phone"]) {
      const value = fieldValue(form, name);
      if (value) body[name] = value;
    }
    const saved = await busy(form, () => submit("complaints", body));
    if (saved) {
      form.hidden = true;
      replace(out, result(ctx, saved));
    }
  });
  return h(
    "section",
    { class: "screen complaint" },
    h("h1", { text: t("complaint.title") }),
    h("p", { class: "lead", text: t("complaint.lead") }),
    h("button", {
      type: "button",
      class: "secondary",
      "data-testid": "to-track",
      text: t("track.open"),
      onclick: () => ctx.go("track"),
    }),
    form,
    out,
  );
}
