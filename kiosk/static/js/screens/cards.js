// Pieces of a procedure shown on its page and in the assistant's cards.
import { formatDate, formatMoney, h } from "../dom.js";
import { t, tvi } from "../i18n.js";
import { channelList, levelsText } from "./official.js";

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
  const place = p.agency.submit_at
    ? `${tvi("proc.submitAt")}: ${p.agency.submit_at}.`
    : p.agency.name && `${tvi("proc.agency")}: ${p.agency.name}.`;
  return [
    `${p.name}.`,
    place,
    p.processing_time.text ? `${tvi("proc.processingTime")}: ${p.processing_time.text}.` : "",
    p.fees.length ? `${tvi("proc.fees")}: ${p.fees.map((fee) => feeText(fee)).join("; ")}.` : "",
    required.length ? `${tvi("proc.requiredPapers")}: ${required.join("; ")}.` : "",
    ...(p.notices || []),
  ]
    .filter(Boolean)
    .join(" ");
}

/** Where to submit, or the agency when the record names no place. */
function placeRow(agency) {
  if (agency.submit_at) {
    return h("p", {}, h("strong", { text: `${t("proc.submitAt")}: ` }), agency.submit_at);
  }
  return agency.name ? h("p", {}, h("strong", { text: `${t("proc.agency")}: ` }), agency.name) : null;
}

/** A compact card (assistant answers): the main facts and a link to the full page. An
 * official record shows its levels and channels (each with its time and fee), where to go
 * when this desk does not take it, and its notices. */
export function procedureCard(ctx, p) {
  const byChannel = p.origin === "national" && (p.channels || []).length;
  return h(
    "article",
    { class: "procedure-card", "data-testid": "procedure-card", "data-procedure-id": p.id },
    h("h3", { text: p.name }),
    p.field ? h("p", { class: "meta", text: `${t("proc.field")}: ${p.field}` }) : null,
    p.levels?.length ? h("p", { class: "meta", text: `${t("proc.level")}: ${levelsText(p)}` }) : null,
    p.agency ? placeRow(p.agency) : null,
    p.processing_time?.text && !byChannel
      ? h("p", {}, h("strong", { text: `${t("proc.processingTime")}: ` }), p.processing_time.text)
      : null,
    p.fees?.length && !byChannel
      ? h(
          "ul",
          { class: "facts" },
          p.fees.map((fee) => h("li", { text: feeText(fee) })),
        )
      : null,
    p.channels?.length ? channelList(p) : null,
    p.scope && !p.scope.served ? h("p", { class: "notice info", "data-testid": "scope", text: p.scope.where }) : null,
    (p.notices || []).map((text) => h("p", { class: "notice info", "data-testid": "notice", text })),
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
