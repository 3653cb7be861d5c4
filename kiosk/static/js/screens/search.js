// Procedure search with live results; typing without diacritics works (the API folds them).
import { api } from "../api.js";
import { debounce, h, replace } from "../dom.js";
import { notice, textField } from "../forms.js";
import { t } from "../i18n.js";
import { session } from "../session.js";

const NEXT = {
  checklist: (hit) => `checklist/${hit.id}`,
  booking: (hit) => `booking?procedure=${encodeURIComponent(hit.id)}`,
  queue: (hit) => `queue?field=${encodeURIComponent(hit.field)}`,
};

function resultButton(ctx, hit, next) {
  const route = (NEXT[next] || ((h_) => `procedure/${h_.id}`))(hit);
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: "result",
        "data-procedure-id": hit.id,
        onclick: () => ctx.go(route),
      },
      h("span", { class: "result-name", text: hit.name }),
      h("span", { class: "result-field", text: hit.field }),
    ),
  );
}

// The best hits are variants of one procedure and the question did not say which
// (trong nước / có yếu tố nước ngoài, bị mất / bị hỏng, ...): ask, one button per variant.
function clarifyBox(ctx, answer, next) {
  const { question, options } = answer.clarify;
  const target = (option) => {
    const hit = answer.hits.find((h_) => h_.id === option.id);
    if (!hit && next === "queue") return `procedure/${option.id}`; // the card knows the field
    return (NEXT[next] || ((h_) => `procedure/${h_.id}`))(hit || { id: option.id });
  };
  return h(
    "div",
    { class: "clarify", role: "group", "aria-label": question, "data-testid": "clarify" },
    h("p", { class: "clarify-question", text: question }),
    h(
      "div",
      { class: "clarify-options" },
      options.map((option) =>
        h("button", {
          type: "button",
          class: "clarify-option",
          "data-procedure-id": option.id,
          text: option.label,
          onclick: () => ctx.go(target(option)),
        }),
      ),
    ),
  );
}

function showAnswer(ctx, box, answer, next) {
  if (answer.referral) {
    // A matter the desk does not handle (a dispute, a theft, prices): where it goes.
    replace(box, notice(answer.referral.message, "info"));
    return;
  }
  if (!answer.hits.length) {
    replace(box, notice(t("search.none"), "info"), askAssistant(ctx, answer.query));
    return;
  }
  replace(
    box,
    answer.abstain ? notice(t("search.unsure"), "info") : null,
    answer.clarify && !answer.abstain ? clarifyBox(ctx, answer, next) : null,
    h(
      "ul",
      { class: "results", "data-testid": "results" },
      answer.hits.map((hit) => resultButton(ctx, hit, next)),
    ),
    answer.abstain ? askAssistant(ctx, answer.query) : null,
  );
}

function askAssistant(ctx, query) {
  return h("button", {
    type: "button",
    class: "secondary",
    text: t("search.askAssistant"),
    onclick: () => ctx.go(`chat?ask=${encodeURIComponent(query)}`),
  });
}

export function render(ctx) {
  const next = ctx.params.get("next");
  const field = textField({
    name: "q",
    label: t("search.label"),
    type: "search",
    value: session.search,
  });
  const input = field.querySelector("input");
  input.setAttribute("autofocus", "");
  input.setAttribute("placeholder", t("search.placeholder"));
  const box = h(
    "div",
    { class: "search-results", "aria-live": "polite" },
    h("p", { class: "hint", text: t("search.hint") }),
  );
  let latest = 0;
  let controller = null;

  const run = debounce(async () => {
    const query = input.value.trim();
    session.search = input.value;
    if (query.length < 2) return replace(box, h("p", { class: "hint", text: t("search.hint") }));
    const mine = ++latest;
    if (controller) controller.abort();
    controller = new AbortController();
    box.setAttribute("aria-busy", "true");
    try {
      const answer = await api("procedures/search", {
        query: { q: query, k: 6 },
        signal: controller.signal,
      });
      if (mine === latest) showAnswer(ctx, box, answer, next);
    } catch (error) {
      if (error.name !== "AbortError" && mine === latest) replace(box, notice(error.message));
    } finally {
      if (mine === latest) box.removeAttribute("aria-busy");
    }
  }, 300);

  input.addEventListener("input", run);
  if (input.value.trim()) run();
  const form = h(
    "form",
    {
      class: "search-form",
      role: "search",
      onsubmit: (e) => {
        e.preventDefault();
        run();
      },
    },
    field,
  );
  return h(
    "section",
    { class: "screen search" },
    h("h1", { text: t(next ? `search.title.${next}` : "search.title") }),
    form,
    box,
  );
}
