// Home: eight large tiles, the desk's day, and a QR code to continue on a phone.
import { qrUrl } from "../api.js";
import { h, svg } from "../dom.js";
import { t } from "../i18n.js";
import { ICONS } from "../icons.js";

const TILES = [
  ["search", "search", "tile.search"],
  ["search?next=checklist", "checklist", "tile.checklist"],
  ["booking", "calendar", "tile.booking"],
  ["queue", "ticket", "tile.queue"],
  ["dossier", "folder", "tile.dossier"],
  ["rating", "star", "tile.rating"],
  ["complaint", "megaphone", "tile.complaint"],
  ["chat", "chat", "tile.chat"],
];

function tile(ctx, [route, icon, key], index) {
  return h(
    "button",
    {
      type: "button",
      class: `tile tile-${index + 1}`,
      "data-testid": `tile-${route.split("?")[0]}${route.includes("next=") ? "-checklist" : ""}`,
      onclick: () => ctx.go(route),
    },
    svg(ICONS[icon]),
    h("span", { class: "tile-title", text: t(key) }),
    h("span", { class: "tile-sub", text: t(`${key}.sub`) }),
  );
}

function today(desk) {
  if (!desk) return null;
  if (desk.holiday_today) return t("home.holiday", { name: desk.holiday_today });
  return desk.open_today ? t("home.open") : t("home.closed");
}

/** Continue on the phone: the configured Telegram/Zalo/web link as a QR code. */
export function phoneQr(link) {
  if (!link) return null;
  return h(
    "div",
    { class: "phone-qr" },
    h("img", { src: qrUrl(link), alt: t("qr.alt"), width: 160, height: 160 }),
    h("p", { text: t("qr.continue") }),
  );
}

export function render(ctx) {
  return h(
    "section",
    { class: "screen home" },
    h("h1", { text: t("home.title") }),
    h("p", { class: "lead", text: t("home.lead") }),
    h(
      "div",
      { class: "tiles" },
      TILES.map((entry, i) => tile(ctx, entry, i)),
    ),
    h(
      "div",
      { class: "home-footer" },
      h("p", { class: "desk-day", text: today(ctx.desk) }),
      phoneQr(ctx.config.phone_link),
    ),
  );
}
