// A procedure's page: every catalog fact, each with its verification badge, the sources
// and the date of the last update; actions to prepare papers, book or take a number.
import { api } from "../api.js";
import { formatDate, h, svg } from "../dom.js";
import { t } from "../i18n.js";
import { ICONS } from "../icons.js";
import { speakButton } from "../speech.js";
import { badge, feeText, spokenSummary } from "./cards.js";
import {
  agencyRoles,
  channelList,
  groupedDossier,
  levelsText,
  officialNotices,
} from "./official.js";

const list = (items) =>
  h(
    "ul",
    { class: "facts" },
    items.map((item) => h("li", {}, item)),
  );
const yesNo = (value) =>
  t(value === null || value === undefined ? "proc.unknown" : value ? "common.yes" : "common.no");

/** One component; in a page group the group's heading already says when it applies. */
function dossierItem(item, grouped) {
  return h(
    "li",
    { class: "dossier-item" },
    h("strong", { text: item.name }),
    h("span", {
      class: "meta",
      text: ` — ${item.kind}, ${t("proc.count", { count: item.count })}`,
    }),
    item.form ? h("div", { class: "meta", text: `${t("proc.form")}: ${item.form}` }) : null,
    item.required || grouped
      ? null
      : h("div", { class: "condition", text: `${t("proc.onlyWhen")}: ${item.condition}` }),
  );
}

const orNoInfo = (text) => text || t("proc.noInfo");

function legal(basis) {
  return [basis.title, basis.number, basis.articles].filter(Boolean).join(", ");
}

// A list-only entry knows its code, agency and online level; its other facts are empty.
const LIST_ONLY_FACTS = new Set(["code", "agency", "online"]);

/** The facts to show: a national record's time and fees are its channels'. */
function shown(p) {
  const fromChannels = p.origin === "national" && p.channels.length;
  return facts(p).filter(
    ([field, , content]) =>
      content !== null &&
      (!p.list_only || LIST_ONLY_FACTS.has(field)) &&
      !(fromChannels && (field === "processing_time" || field === "fees")),
  );
}

/** [fact field, title key, content] for every fact of the catalog entry. */
function facts(p) {
  const roles = agencyRoles(p.agency);
  const agency = [
    roles.length ? null : h("p", {}, h("strong", { text: `${t("proc.agency")}: ` }), orNoInfo(p.agency.name)),
    p.agency.submit_at
      ? h("p", {}, h("strong", { text: `${t("proc.submitAt")}: ` }), p.agency.submit_at)
      : null,
    p.agency.decides && !roles.length
      ? h("p", {}, h("strong", { text: `${t("proc.decides")}: ` }), p.agency.decides)
      : null,
    roles,
  ];
  const online = [
    h("p", { text: p.online }),
    p.online_url ? h("p", { class: "meta", text: `${t("proc.onlineAt")}: ${p.online_url}` }) : null,
  ];
  return [
    ["code", "proc.code", h("p", { text: p.code || t("proc.noCode") })],
    ["agency", "proc.agencyTitle", agency],
    ["channels", "proc.channels", channelList(p)],
    ["dossier", "proc.dossier", groupedDossier(p, dossierItem)],
    [
      "steps",
      "proc.steps",
      p.steps.length
        ? h(
            "ol",
            { class: "facts" },
            p.steps.map((step) => h("li", { text: step })),
          )
        : h("p", { text: t("proc.noInfo") }),
    ],
    ["processing_time", "proc.processingTime", h("p", { text: orNoInfo(p.processing_time.text) })],
    ["fees", "proc.fees", p.fees.length ? list(p.fees.map(feeText)) : h("p", { text: t("proc.noInfo") })],
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
      p.conditions.length
        ? list(p.conditions)
        : h("p", { text: t(p.origin === "curated" ? "proc.noConditions" : "proc.noInfo") }),
    ],
    ["result", "proc.result", h("p", { text: orNoInfo(p.result) })],
    ["subjects", "proc.subjects", p.subjects.length ? list(p.subjects) : null],
    [
      "legal_basis",
      "proc.legalBasis",
      p.legal_basis.length ? list(p.legal_basis.map(legal)) : h("p", { text: t("proc.noInfo") }),
    ],
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
        onclick: go(`queue?field=${encodeURIComponent(p.scope?.field || p.field)}`),
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
      "data-testid": "levels",
      text: `${t("proc.field")}: ${p.field} · ${t("proc.level")}: ${levelsText(p)}`,
    }),
    h("p", {
      class: "meta",
      text: `${t("proc.updated")}: ${formatDate(p.updated)} · ${t("proc.source")}: ${p.sources.map((s) => s.title).join("; ")}`,
    }),
    unverified && !p.list_only
      ? h("p", { class: "notice info", text: t("proc.unverifiedNote") })
      : null,
    officialNotices(p),
    actions(ctx, p),
    shown(p).map(([field, key, content]) =>
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
