// The structure an official record of the national procedure database adds to a procedure's
// page: several channels each with its own time and fee, several levels, the agencies by
// role, the dossier as the page groups it, list-only entries, the desk's scope and the
// portal link. Every value is shown as captured; what the page leaves empty is not filled.
import { formatMoney, h } from "../dom.js";
import { t } from "../i18n.js";
import { qrFigure } from "../qr.js";

const ONLY_DIGITS = /^[\d.,\s]+$/u;

/** "5 Ngày làm việc"; a bare number keeps a note that the page gives no unit. */
export function timeText(time) {
  if (!time) return t("proc.noInfo");
  return time.unit === null && ONLY_DIGITS.test(time.text)
    ? `${time.text} ${t("proc.noUnit")}`
    : time.text;
}

function amountText(fee) {
  if (fee.free) return t("proc.freeFee");
  if (fee.amount === null || fee.amount === undefined) return fee.text;
  const amount =
    !fee.currency || fee.currency === "VND"
      ? formatMoney(Math.round(fee.amount))
      : `${fee.amount.toLocaleString("vi-VN")} ${fee.currency}`;
  return fee.per ? `${amount}/${fee.per}` : amount;
}

/** "2.000.000 đồng (note)", "10 USD/trang", "Miễn phí", or the cell as captured. */
export function channelFeeText(fee) {
  if (!fee) return t("proc.noInfo");
  return `${amountText(fee)}${fee.note ? ` (${fee.note})` : ""}`;
}

/** A verified curated fact joined with the record stays the answer: the channel rows then
 * point to it instead of showing the record's differing value. */
function channelItem(channel, keep) {
  const time = keep.has("processing_time") ? t("proc.seeVerified") : timeText(channel.time);
  const fee = keep.has("fees") ? t("proc.seeVerified") : channelFeeText(channel.fee);
  return h(
    "li",
    { class: "channel", "data-channel": channel.kind },
    h("strong", { text: channel.kind }),
    h("div", {}, `${t("proc.channelTime")}: `, h("span", { class: "channel-time", text: time })),
    h("div", {}, `${t("proc.channelFee")}: `, h("span", { class: "channel-fee", text: fee })),
    channel.description ? h("div", { class: "meta", text: channel.description }) : null,
  );
}

/** The channels section's content, or null when the entry has none. */
export function channelList(p) {
  if (!(p.channels || []).length) return null;
  const keep = new Set(p.origin === "merged" ? p.verified.verified : []);
  return h(
    "ul",
    { class: "facts channels", "data-testid": "channels" },
    p.channels.map((channel) => channelItem(channel, keep)),
  );
}

/** "xã, tỉnh": every level, the main one first. */
export function levelsText(p) {
  const levels = (p.levels || []).length ? p.levels : [p.level];
  return [p.level, ...levels.filter((level) => level !== p.level)].join(", ");
}

const ROLES = [
  ["performing", "proc.performing"],
  ["competent", "proc.competent"],
  ["authorized", "proc.authorized"],
  ["cooperating", "proc.cooperating"],
];

/** The agencies by role, as the record names them (nothing when it names none). */
export function agencyRoles(agency) {
  return ROLES.filter(([role]) => (agency[role] || []).length).map(([role, key]) =>
    h(
      "p",
      { "data-role": role },
      h("strong", { text: `${t(key)}: ` }),
      agency[role].join("; "),
    ),
  );
}

/** The notices of the entry, where the desk does not take it, and the portal link. */
export function officialNotices(p) {
  const scope = p.scope || { served: true };
  return h(
    "div",
    { class: "official-notices" },
    (p.notices || []).map((text) => h("p", { class: "notice info", "data-testid": "notice", text })),
    scope.served
      ? null
      : h(
          "div",
          { class: "notice info", "data-testid": "scope" },
          h("p", { text: scope.where }),
          scope.reason ? h("p", { class: "meta", text: `(${scope.reason})` }) : null,
        ),
    p.portal_url ? portalLink(p.portal_url) : null,
  );
}

function portalLink(url) {
  return h(
    "div",
    { class: "portal-link", "data-testid": "portal-link" },
    h("p", {}, h("strong", { text: `${t("proc.portal")}: ` }), h("span", { class: "url", text: url })),
    qrFigure(url, t("proc.portalQr"), { size: 200 }),
  );
}

/** The dossier under the page's own group headings (a curated entry has none: one list);
 * `item(component, grouped)` draws one component. */
export function groupedDossier(p, item) {
  if (!p.dossier.length) return h("p", { text: t("proc.noInfo") });
  if (!p.dossier.some((component) => component.group)) {
    return h(
      "ul",
      { class: "facts" },
      p.dossier.map((component) => item(component, false)),
    );
  }
  return (p.dossier_groups || []).map((group) =>
    h(
      "div",
      { class: "dossier-group", "data-testid": "dossier-group" },
      group.heading ? h("h3", { text: group.heading }) : null,
      h(
        "ul",
        { class: "facts" },
        group.items.map((index) => item(p.dossier[index], true)),
      ),
    ),
  );
}
