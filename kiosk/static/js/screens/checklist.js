// Checklist: tick the papers you have, save, get a code and a QR code for the phone.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, choiceGroup, doneButton, notice, submitButton } from "../forms.js";
import { t, tvi } from "../i18n.js";
import { qrFigure } from "../qr.js";
import { NO, neededPapers, situations, UNSURE, unanswered, YES } from "../situations.js";
import { speakButton } from "../speech.js";
import { caseForm, fromPlan } from "./cases.js";
import { officialNotices } from "./official.js";

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

/** What to send: ticked papers are "have"; needed papers not ticked are "missing" (those
 * the citizen is unsure about say to ask the staff). Saved text stays in Vietnamese. */
function draft(p, form, answers) {
  const ticked = new Set(
    [...form.querySelectorAll('input[name="have"]:checked')].map((el) => Number(el.value)),
  );
  const have = [];
  const missing = [];
  const needed = neededPapers(p.dossier, answers);
  for (const { index, item, why } of needed) {
    if (ticked.has(index)) have.push(clip(item.name));
    else missing.push(clip(why === UNSURE ? tvi("checklist.askStaff", { name: item.name }) : item.name));
  }
  const forms = needed
    .filter(({ item }) => item.form)
    .map(({ item }) => clip(`${item.name}: ${item.form}`));
  return { procedure_id: p.id, have, missing, forms };
}

/** One question per situation: Có / Không / Chưa rõ. */
function questionGroup(question, index) {
  const group = choiceGroup({
    name: `situation-${index}`,
    label: question.text,
    options: [
      [YES, t("common.yes")],
      [NO, t("common.no")],
      [UNSURE, t("checklist.unsure")],
    ],
  });
  group.classList.add("situation");
  group.dataset.key = question.key;
  return group;
}

function readAnswers(box) {
  const answers = new Map();
  for (const group of box.querySelectorAll(".situation")) {
    const checked = group.querySelector("input:checked");
    if (checked) answers.set(group.dataset.key, checked.value);
  }
  return answers;
}

/** Refuse to save before every situation question is answered, and say which. */
function checkAnswered(form, questions, answers) {
  const open = unanswered(questions, answers);
  for (const group of form.querySelectorAll(".situation")) {
    const slot = group.querySelector(".field-error");
    slot.textContent = answers.has(group.dataset.key) ? "" : t("checklist.answerThis");
  }
  if (!open.length) return true;
  replace(form.querySelector(".form-error"), notice(t("checklist.answerFirst", { count: open.length })));
  form.querySelector(`.situation[data-key="${CSS.escape(open[0].key)}"]`)?.scrollIntoView({
    block: "center",
  });
  return false;
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
        "div",
        { class: "qr-list" },
        qrFigure(null, t("qr.scanChecklist"), { src: saved.qr_png, testid: "checklist-qr" }),
        qrFigure(saved.telegram_link, t("qr.telegramChecklist"), { testid: "telegram-qr" }),
      ),
    ),
    speakButton(() => spoken(saved)),
    doneButton(ctx.go),
  );
}

function screen(p, ...body) {
  return h(
    "section",
    { class: "screen checklist" },
    h("h1", { text: t("checklist.title") }),
    h("p", { class: "lead", text: p.name }),
    body,
  );
}

/** Nothing to tick: a list-only entry (or a page without dossier) says so and where to ask. */
function nothingToTick(ctx, p) {
  return screen(
    p,
    p.notices.length ? null : h("p", { class: "notice info", text: t("checklist.noDossier") }),
    officialNotices(p),
    doneButton(ctx.go),
  );
}

function showSaved(ctx, out) {
  return (saved) => {
    replace(out, result(ctx, saved));
    out.scrollIntoView({ block: "start" });
  };
}

export async function render(ctx) {
  const p = await api(`procedures/${encodeURIComponent(ctx.arg)}`);
  if (p.list_only || !p.dossier.length) return nothingToTick(ctx, p);
  if (fromPlan(p)) {
    const saved = h("div", { class: "checklist-out", "aria-live": "polite" });
    const form = caseForm(p, showSaved(ctx, saved));
    return screen(p, h("p", { text: t("checklist.instructions") }), form, saved);
  }
  const questions = situations(p.dossier);
  const required = p.dossier.map((item, i) => [item, i]).filter(([item]) => item.required);
  const out = h("div", { class: "checklist-out", "aria-live": "polite" });
  const asked = h(
    "div",
    { class: "situations", "data-testid": "situations" },
    questions.map((q, i) => questionGroup(q, i)),
  );
  const conditional = h("div", { "data-testid": "conditional-papers" });
  const drawConditional = () => {
    const ticked = new Set(
      [...conditional.querySelectorAll('input[name="have"]:checked')].map((el) => el.value),
    );
    const shown = neededPapers(p.dossier, readAnswers(asked)).filter((n) => n.why !== "required");
    replace(
      conditional,
      shown.length ? h("h2", { text: t("checklist.forYourCase") }) : null,
      shown.length
        ? h(
            "div",
            { class: "checks" },
            shown.map(({ item, index }) => itemRow(item, index)),
          )
        : null,
    );
    for (const box of conditional.querySelectorAll('input[name="have"]')) {
      box.checked = ticked.has(box.value);
    }
  };
  asked.addEventListener("change", (event) => {
    const slot = event.target.closest(".situation")?.querySelector(".field-error");
    if (slot) slot.textContent = ""; // answered now
    drawConditional();
  });
  const form = h(
    "form",
    { class: "checklist-form", novalidate: true },
    questions.length ? h("h2", { text: t("checklist.situations") }) : null,
    questions.length ? h("p", { class: "hint", text: t("checklist.situationsHint") }) : null,
    asked,
    h("h2", { text: t("checklist.required") }),
    h(
      "div",
      { class: "checks" },
      required.map(([item, i]) => itemRow(item, i)),
    ),
    conditional,
    h("div", { class: "form-error" }),
    submitButton(t("checklist.save")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = readAnswers(asked);
    if (!checkAnswered(form, questions, answers)) return;
    const saved = await busy(form, () =>
      api("checklists", { method: "POST", body: draft(p, form, answers) }),
    );
    if (saved) showSaved(ctx, out)(saved);
  });
  return screen(p, h("p", { text: t("checklist.instructions") }), form, out);
}
