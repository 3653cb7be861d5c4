// Checklist: tick the papers you have, save, get a code and a QR code for the phone.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, doneButton, submitButton } from "../forms.js";
import { t, tvi } from "../i18n.js";
import { speakButton } from "../speech.js";

const MAX_ITEM = 200; // the API's limit for one line of a checklist

const clip = (text) =>
  [...text].length > MAX_ITEM ? `${[...text].slice(0, MAX_ITEM - 1).join("")}…` : text;

function itemRow(item, index) {
  return h(
    "label",
    { class: "check" },
    h("input", { type: "checkbox", name: "have", value: String(index) }),
    h(
      "span",
      {},
      h("strong", { text: item.name }),
      h("span", { class: "meta", text: ` — ${item.kind}` }),
      item.required
        ? null
        : h("span", { class: "condition", text: ` (${t("proc.onlyWhen")}: ${item.condition})` }),
    ),
  );
}

/** What to send: ticked papers are "have"; unticked required papers are "missing". */
function draft(p, form) {
  const ticked = new Set(
    [...form.querySelectorAll('input[name="have"]:checked')].map((el) => Number(el.value)),
  );
  const have = [];
  const missing = [];
  p.dossier.forEach((item, i) => {
    if (ticked.has(i)) have.push(clip(item.name));
    else if (item.required) missing.push(clip(item.name));
  });
  const forms = p.dossier
    .filter((item) => item.form)
    .map((item) => clip(`${item.name}: ${item.form}`));
  return { procedure_id: p.id, have, missing, forms };
}

function spoken(saved) {
  const missing = saved.missing.length ? saved.missing.join("; ") : tvi("checklist.nothingMissing");
  return `${tvi("checklist.savedAs", { code: saved.code })}. ${tvi("checklist.missing")}: ${missing}.`;
}

function result(ctx, saved) {
  return h(
    "div",
    { class: "result-card", "data-testid": "checklist-result" },
    h("p", { class: "lead", text: t("checklist.saved") }),
    h("p", { class: "code", "data-testid": "checklist-code", text: saved.code }),
    h(
      "div",
      { class: "result-columns" },
      h(
        "div",
        {},
        h("h2", { text: t("checklist.missing") }),
        saved.missing.length
          ? h(
              "ul",
              { class: "facts" },
              saved.missing.map((m) => h("li", { text: m })),
            )
          : h("p", { text: t("checklist.nothingMissing") }),
        saved.forms.length ? h("h2", { text: t("checklist.forms") }) : null,
        saved.forms.length
          ? h(
              "ul",
              { class: "facts" },
              saved.forms.map((m) => h("li", { text: m })),
            )
          : null,
      ),
      h(
        "figure",
        { class: "qr" },
        h("img", {
          src: saved.qr_png,
          alt: t("qr.alt"),
          width: 240,
          height: 240,
          "data-testid": "checklist-qr",
        }),
        h("figcaption", { text: t("qr.scanChecklist") }),
      ),
    ),
    speakButton(() => spoken(saved)),
    doneButton(ctx.go),
  );
}

export async function render(ctx) {
  const p = await api(`procedures/${encodeURIComponent(ctx.arg)}`);
  const required = p.dossier.map((item, i) => [item, i]).filter(([item]) => item.required);
  const optional = p.dossier.map((item, i) => [item, i]).filter(([item]) => !item.required);
  const out = h("div", { class: "checklist-out", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "checklist-form", novalidate: true },
    h("h2", { text: t("checklist.required") }),
    h(
      "div",
      { class: "checks" },
      required.map(([item, i]) => itemRow(item, i)),
    ),
    optional.length ? h("h2", { text: t("checklist.optional") }) : null,
    optional.length
      ? h(
          "div",
          { class: "checks" },
          optional.map(([item, i]) => itemRow(item, i)),
        )
      : null,
    h("div", { class: "form-error" }),
    submitButton(t("checklist.save")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const saved = await busy(form, () =>
      api("checklists", { method: "POST", body: draft(p, form) }),
    );
    if (saved) {
      replace(out, result(ctx, saved));
      out.scrollIntoView({ block: "start" });
    }
  });
  return h(
    "section",
    { class: "screen checklist" },
    h("h1", { text: t("checklist.title") }),
    h("p", { class: "lead", text: p.name }),
    h("p", { text: t("checklist.instructions") }),
    form,
    out,
  );
}
