// Pieces of a procedure shown on its page and in the assistant's cards.
import { formatDate, formatMoney, h } from "../dom.js";
import { t, tvi } from "../i18n.js";

/** "Miễn phí", "25.000 đồng" or "tùy trường hợp", plus the note. */
export function feeText(fee) {
  let amount;
  if (fee.amount_vnd === 0) amount = t("proc.free");
  else if (fee.amount_vnd === null || fee.amount_vnd === undefined) amount = t("proc.feeVaries");
  else amount = formatMoney(fee.amount_vnd);
  return `${fee.name}: ${amount}${fee.note ? ` (${fee.note})` : ""}`;
}

/** A verification badge for one catalog fact. */
export function badge(procedure, field) {
  const verification = procedure.verified || {};
  if ((verification.unverified || []).includes(field)) {
    return h("span", {
      class: "badge unverified",
      "data-testid": "unverified",
      text: t("proc.unverified"),
    });
  }
  if ((verification.verified || []).includes(field)) {
    return h("span", { class: "badge verified", text: t("proc.verified") });
  }
  return null;
}

/** What the voice reads for a procedure: the facts a citizen needs first, in Vietnamese. */
export function spokenSummary(p) {
  const required = p.dossier.filter((item) => item.required).map((item) => item.name);
  return [
    `${p.name}.`,
    `${tvi("proc.submitAt")}: ${p.agency.submit_at}.`,
    `${tvi("proc.processingTime")}: ${p.processing_time.text}.`,
    `${tvi("proc.fees")}: ${p.fees.map((fee) => feeText(fee)).join("; ")}.`,
    required.length ? `${tvi("proc.requiredPapers")}: ${required.join("; ")}.` : "",
  ].join(" ");
}

/** A compact card (assistant answers): the main facts and a link to the full page. */
export function procedureCard(ctx, p) {
  return h(
    "article",
    { class: "procedure-card", "data-testid": "procedure-card", "data-procedure-id": p.id },
    h("h3", { text: p.name }),
    p.field ? h("p", { class: "meta", text: `${t("proc.field")}: ${p.field}` }) : null,
    p.agency
      ? h("p", {}, h("strong", { text: `${t("proc.submitAt")}: ` }), p.agency.submit_at)
      : null,
    p.processing_time
      ? h("p", {}, h("strong", { text: `${t("proc.processingTime")}: ` }), p.processing_time.text)
      : null,
    p.fees
      ? h(
          "ul",
          { class: "facts" },
          p.fees.map((fee) => h("li", { text: feeText(fee) })),
        )
      : null,
    p.updated
      ? h("p", { class: "source", text: `${t("proc.updated")}: ${formatDate(p.updated)}` })
      : null,
    p.id
      ? h("button", {
          type: "button",
          class: "secondary",
          text: t("proc.open"),
          onclick: () => ctx.go(`procedure/${p.id}`),
        })
      : null,
  );
}
