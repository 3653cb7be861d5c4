// Dossier status: receipt code plus the last 4 digits of the phone given at submission.
import { api } from "../api.js";
import { formatDate, formatTime, h } from "../dom.js";
import { doneButton, lookupForm } from "../forms.js";
import { t, tvi } from "../i18n.js";
import { speakButton } from "../speech.js";

function status(ctx, dossier) {
  const due = dossier.due_on ? formatDate(dossier.due_on) : t("dossier.noDue");
  const spoken = `${tvi("dossier.code")} ${dossier.code}: ${dossier.status}. ${tvi("dossier.due")}: ${dossier.due_on ? formatDate(dossier.due_on) : tvi("dossier.noDue")}.`;
  return h(
    "div",
    { class: "result-card", "data-testid": "dossier-result" },
    h("p", { class: "lead", text: dossier.procedure_name }),
    h("p", { class: "code", "data-testid": "dossier-status", text: dossier.status }),
    h(
      "dl",
      { class: "summary" },
      h("dt", { text: t("dossier.code") }),
      h("dd", { text: dossier.code }),
      h("dt", { text: t("dossier.received") }),
      h("dd", { text: formatDate(dossier.received_on) }),
      h("dt", { text: t("dossier.due") }),
      h("dd", { text: due }),
    ),
    h("h2", { text: t("dossier.history") }),
    h(
      "ol",
      { class: "timeline" },
      dossier.history.map((event) =>
        h(
          "li",
          {},
          h("strong", { text: event.status }),
          ` — ${formatTime(event.recorded_at)} ${formatDate(event.recorded_at)}`,
        ),
      ),
    ),
    speakButton(spoken),
    doneButton(ctx.go),
  );
}

export function render(ctx) {
  const [form, out] = lookupForm({
    className: "dossier-form",
    code: { label: t("dossier.code"), maxlength: 200, hint: t("dossier.codeHint") },
    last4: { label: t("dossier.last4") },
    submitLabel: t("dossier.submit"),
    post: (body) => api("dossiers/lookup", { method: "POST", body }),
    show: (dossier) => status(ctx, dossier),
  });
  return h(
    "section",
    { class: "screen dossier" },
    h("h1", { text: t("dossier.title") }),
    h("p", { class: "lead", text: t("dossier.lead") }),
    form,
    out,
  );
}
