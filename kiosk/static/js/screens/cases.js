// The checklist of an official record whose dossier differs by case (its page's case groups,
// such as "(1) Thành phần hồ sơ cấp Giấy phép…"): the case question comes first; the papers
// of the chosen cases come from the server's plan (GET procedures/{id}/checklist?case=…),
// never a merged list of every case. Explanations with nothing on paper are shown apart.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, notice, submitButton } from "../forms.js";
import { t } from "../i18n.js";

const MAX_ITEM = 200; // the API's limit for one line of a checklist

const clip = (text) =>
  [...text].length > MAX_ITEM ? `${[...text].slice(0, MAX_ITEM - 1).join("")}…` : text;

/** True when the dossier's conditional parts are the page's case groups. */
export function hasCaseGroups(p) {
  return Boolean(p.case_question) && p.dossier.some((item) => !item.required && item.group);
}

/** True when the server's plan is the checklist: a page's groups, its case groups, or
 * explanations with nothing on paper (never papers to tick). */
export function fromPlan(p) {
  const paperless = p.dossier.some((item) => item.kind === "không nộp bản giấy");
  return hasCaseGroups(p) || (!p.case_question && (paperless || p.dossier.some((i) => i.group)));
}

function caseOption(text, index) {
  return h(
    "label",
    { class: "check case", "data-testid": "case-option" },
    h("input", { type: "checkbox", name: "case", value: String(index) }),
    h("span", { text }),
  );
}

function paperRow(item, index) {
  return h(
    "label",
    { class: "check" },
    h("input", { type: "checkbox", name: "have", value: String(index) }),
    h(
      "span",
      {},
      h("strong", { text: item.name }),
      h("span", { class: "meta", text: ` — ${item.kind}` }),
      item.form ? h("span", { class: "meta", text: ` (${t("proc.form")}: ${item.form})` }) : null,
    ),
  );
}

function planView(plan) {
  return [
    h("h2", { text: t(plan.question ? "checklist.forYourCase" : "checklist.required") }),
    plan.papers.length
      ? h("div", { class: "checks", "data-testid": "case-papers" }, plan.papers.map(paperRow))
      : h("p", { text: t("checklist.noPapers") }),
    plan.explanations.length ? h("h2", { text: t("checklist.explanations") }) : null,
    plan.explanations.length
      ? h(
          "ul",
          { class: "facts", "data-testid": "case-explanations" },
          plan.explanations.map((item) => h("li", { text: item.name })),
        )
      : null,
  ];
}

/** What to send: ticked papers are "have", the others "missing"; the plan's forms. */
function draft(p, plan, form) {
  const ticked = new Set(
    [...form.querySelectorAll('input[name="have"]:checked')].map((el) => Number(el.value)),
  );
  const have = [];
  const missing = [];
  plan.papers.forEach((item, index) => {
    (ticked.has(index) ? have : missing).push(clip(item.name));
  });
  return { procedure_id: p.id, have, missing, forms: plan.forms.map(clip) };
}

/** The case question (if any), then the papers of the chosen cases; `onSaved(saved)`
 * after saving. Without a case question the papers for everyone are shown at once. */
export function caseForm(p, onSaved) {
  const options = p.case_question ? p.case_question.options : [];
  let plan = null;
  const papers = h("div", { class: "case-plan", "data-testid": "case-plan", "aria-live": "polite" });
  const question = h(
    "fieldset",
    { class: "field cases", "data-testid": "case-question", hidden: !options.length },
    h("legend", { text: p.case_question ? p.case_question.text : "" }),
    h("div", { class: "checks" }, options.map(caseOption)),
    h("p", { class: "field-error", "data-error-for": "case", role: "alert" }),
  );
  const form = h(
    "form",
    { class: "checklist-form", novalidate: true },
    question,
    papers,
    h("div", { class: "form-error" }),
    submitButton(t("checklist.save")),
  );
  const chosen = () =>
    [...question.querySelectorAll("input:checked")].map((el) => options[Number(el.value)]);
  const load = async () => {
    const cases = chosen();
    question.querySelector(".field-error").textContent = "";
    plan = null;
    replace(papers);
    if (options.length && !cases.length) return;
    const found = await busy(form, () =>
      api(`procedures/${encodeURIComponent(p.id)}/checklist`, { query: { case: cases } }),
    );
    if (found && chosen().join("\n") === cases.join("\n")) {
      plan = found;
      replace(papers, planView(plan));
    }
  };
  question.addEventListener("change", load);
  if (!options.length) load();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!plan) {
      question.querySelector(".field-error").textContent = t("checklist.chooseCase");
      replace(form.querySelector(".form-error"), notice(t("checklist.chooseCase")));
      question.scrollIntoView({ block: "center" });
      return;
    }
    const saved = await busy(form, () =>
      api("checklists", { method: "POST", body: draft(p, plan, form) }),
    );
    if (saved) onSaved(saved);
  });
  return form;
}
