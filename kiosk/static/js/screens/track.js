// Follow a complaint: tracking code (PA-…) and, when a phone was left, its last 4 digits;
// shows the status, the deadline and the answer (POST /complaints/lookup).
import { api } from "../api.js";
import { formatDate, h } from "../dom.js";
import { doneButton, lookupForm, notice } from "../forms.js";
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
  const [form, out] = lookupForm({
    className: "track-form",
    code: { label: t("track.code"), maxlength: 20 },
    last4: { label: t("track.last4"), hint: t("track.last4Hint") },
    submitLabel: t("track.submit"),
    last4Optional: true, // left empty: no phone was given with the complaint
    post: (body) => api("complaints/lookup", { method: "POST", body }),
    show: (found) => result(ctx, found),
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
