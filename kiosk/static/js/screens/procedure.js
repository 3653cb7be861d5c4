// A procedure's page: every catalog fact, each with its verification badge, the sources
// and the date of the last update; actions to prepare papers, book or take a number.
import { api } from "../api.js";
import { formatDate, h, svg } from "../dom.js";
import { t } from "../i18n.js";
import { ICONS } from "../icons.js";
import { speakButton } from "../speech.js";
import { badge, feeText, spokenSummary } from "./cards.js";

const list = (items) =>
  h(
    "ul",
    { class: "facts" },
    items.map((item) => h("li", {}, item)),
  );
const yesNo = (value) => t(value ? "common.yes" : "common.no");

function dossierItem(item) {
  return h(
    "li",
    { class: "dossier-item" },
    h("strong", { text: item.name }),
    h("span", {
      class: "meta",
      text: ` — ${item.kind}, ${t("proc.count", { count: item.count })}`,
    }),
    item.form ? h("div", { class: "meta", text: `${t("proc.form")}: ${item.form}` }) : null,
    item.required
      ? null
      : h("div", { class: "condition", text: `${t("proc.onlyWhen")}: ${item.condition}` }),
  );
}

function legal(basis) {
  return [basis.title, basis.number, basis.articles].filter(Boolean).join(", ");
}

/** [fact field, title key, content] for every fact of the catalog entry. */
function facts(p) {
  const agency = [
    h("p", {}, h("strong", { text: `${t("proc.agency")}: ` }), p.agency.name),
    h("p", {}, h("strong", { text: `${t("proc.submitAt")}: ` }), p.agency.submit_at),
    p.agency.decides
      ? h("p", {}, h("strong", { text: `${t("proc.decides")}: ` }), p.agency.decides)
      : null,
  ];
  const online = [
    h("p", { text: p.online }),
    p.online_url ? h("p", { class: "meta", text: `${t("proc.onlineAt")}: ${p.online_url}` }) : null,
  ];
  return [
    ["code", "proc.code", h("p", { text: p.code || t("proc.noCode") })],
    ["agency", "proc.agencyTitle", agency],
    ["dossier", "proc.dossier", h("ul", { class: "facts" }, p.dossier.map(dossierItem))],
    [
      "steps",
      "proc.steps",
      h(
        "ol",
        { class: "facts" },
        p.steps.map((step) => h("li", { text: step })),
      ),
    ],
    ["processing_time", "proc.processingTime", h("p", { text: p.processing_time.text })],
    ["fees", "proc.fees", list(p.fees.map(feeText))],
    ["online", "proc.online", online],
    [
      "location_independent",
      "proc.locationIndependent",
      h("p", { text: yesNo(p.location_independent) }),
    ],
    [
      "postal",
      "proc.postal",
      list([
        `${t("proc.postalReceive")}: ${yesNo(p.postal.receive)}`,
        `${t("proc.postalDeliver")}: ${yesNo(p.postal.deliver)}`,
      ]),
    ],
    [
      "conditions",
      "proc.conditions",
      p.conditions.length ? list(p.conditions) : h("p", { text: t("proc.noConditions") }),
    ],
    ["result", "proc.result", h("p", { text: p.result })],
    ["legal_basis", "proc.legalBasis", list(p.legal_basis.map(legal))],
  ];
}

function sources(p) {
  const v = p.verified;
  return h(
    "section",
    { class: "fact sources", "data-testid": "sources" },
    h("h2", { text: t("proc.sources") }),
    list(p.sources.map((s) => (s.url ? `${s.title} — ${s.url}` : s.title))),
    h("p", {}, h("strong", { text: `${t("proc.checkedAgainst")}: ` }), v.checked_against),
    v.note ? h("p", { class: "meta", text: v.note }) : null,
    h("p", {
      class: "updated",
      "data-testid": "updated",
      text: `${t("proc.updated")}: ${formatDate(p.updated)}`,
    }),
  );
}

function actions(ctx, p) {
  const go = (route) => () => ctx.go(route);
  return h(
    "div",
    { class: "actions" },
    h(
      "button",
      {
        type: "button",
        class: "primary",
        "data-testid": "to-checklist",
        onclick: go(`checklist/${p.id}`),
      },
      svg(ICONS.checklist),
      t("tile.checklist"),
    ),
    h(
      "button",
      {
        type: "button",
        class: "primary",
        "data-testid": "to-booking",
        onclick: go(`booking?procedure=${encodeURIComponent(p.id)}`),
      },
      svg(ICONS.calendar),
      t("tile.booking"),
    ),
    h(
      "button",
      {
        type: "button",
        class: "primary",
        "data-testid": "to-queue",
        onclick: go(`queue?field=${encodeURIComponent(p.field)}`),
      },
      svg(ICONS.ticket),
      t("tile.queue"),
    ),
    speakButton(() => spokenSummary(p)),
  );
}

export async function render(ctx) {
  const p = await api(`procedures/${encodeURIComponent(ctx.arg)}`);
  const unverified = (p.verified.unverified || []).length;
  return h(
    "section",
    { class: "screen procedure", "data-procedure-id": p.id },
    h("h1", { text: p.name }),
    h("p", {
      class: "lead",
      text: `${t("proc.field")}: ${p.field} · ${t("proc.level")}: ${p.level}`,
    }),
    h("p", {
      class: "meta",
      text: `${t("proc.updated")}: ${formatDate(p.updated)} · ${t("proc.source")}: ${p.sources.map((s) => s.title).join("; ")}`,
    }),
    unverified ? h("p", { class: "notice info", text: t("proc.unverifiedNote") }) : null,
    actions(ctx, p),
    facts(p).map(([field, key, content]) =>
      h(
        "section",
        { class: "fact", "data-fact": field },
        h("h2", {}, t(key), " ", badge(p, field)),
        content,
      ),
    ),
    sources(p),
  );
}
