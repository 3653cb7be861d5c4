// Follow a complaint: tracking code (PA-…) and, when a phone was left, its last 4 digits;
// shows the status, the deadline and the answer (POST /complaints/lookup).
import { api } from "../api.js";
import { formatDate, h, replace } from "../dom.js";
import { busy, doneButton, fieldValue, notice, submitButton, textField } from "../forms.js";
import { t, tv, tvi } from "../i18n.js";
import { speakButton } from "../speech.js";

function answerPart(found) {
  const due = formatDate(found.due_on);
  if (found.answer) {
    return h(
      "div",
      { class: "answer" },
      h("h2", { text: t("track.answer") }),
      h("p", { class: "answer-text", "data-testid": "track-answer", text: found.answer }),
    );
  }
  const key = found.overdue ? "track.overdue" : "track.waiting";
  return notice(t(key, { due }), found.overdue ? "error" : "info");
}

function result(ctx, found) {
  const due = formatDate(found.due_on);
  const spoken = `${tvi("complaint.code")} ${found.code}: ${found.status}. ${
    found.answer ? `${tvi("track.answer")}: ${found.answer}` : tvi("track.waiting", { due })
  }`;
  return h(
    "div",
    { class: "result-card", "data-testid": "track-result" },
    h("p", { class: "code", "data-testid": "track-status", text: tv("complaintStatus", found.status) }),
    h(
      "dl",
      { class: "summary" },
      h("dt", { text: t("complaint.code") }),
      h("dd", { text: found.code }),
      h("dt", { text: t("track.sent") }),
      h("dd", { text: formatDate(found.created_at) }),
      h("dt", { text: t("complaint.due") }),
      h("dd", { "data-testid": "track-due", text: due }),
    ),
    h("p", { class: "passage", text: found.content }),
    answerPart(found),
    speakButton(spoken),
    doneButton(ctx.go),
  );
}

export function render(ctx) {
  const out = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "track-form", novalidate: true },
    textField({ name: "code", label: t("track.code"), keyboard: "code", maxlength: 20 }),
    textField({
      name: "phone_last4",
      label: t("track.last4"),
      hint: t("track.last4Hint"),
      keyboard: "numeric",
      type: "tel",
      maxlength: 4,
    }),
    h("div", { class: "form-error" }),
    submitButton(t("track.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(out);
    const body = { code: fieldValue(form, "code") || "" };
    const last4 = fieldValue(form, "phone_last4");
    if (last4) body.phone_last4 = last4; // left empty: no phone was given with the complaint
    const found = await busy(form, () => api("complaints/lookup", { method: "POST", body }));
    if (found) replace(out, result(ctx, found));
  });
  return h(
    "section",
    { class: "screen track" },
    h("h1", { text: t("track.title") }),
    h("p", { class: "lead", text: t("track.lead") }),
    form,
    out,
  );
}
