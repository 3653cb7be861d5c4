// Home: eight large tiles, the desk's day, and a QR code to continue on a phone.
import { api, qrUrl } from "../api.js";
import { formatTime, h, svg } from "../dom.js";
import { t, whenText } from "../i18n.js";
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

/** The desk's day as a citizen needs it now: open until when, or when it opens again. */
export function today(desk) {
  if (!desk) return null;
  const reopens = desk.next_open ? t("home.reopens", { when: whenText(desk.next_open) }) : "";
  if (desk.holiday_today) return `${t("home.holiday", { name: desk.holiday_today })} ${reopens}`;
  if (!desk.open_today) return `${t("home.closed")} ${reopens}`;
  if (!desk.closes_at) {
    return t("home.closedNow", { when: desk.next_open ? whenText(desk.next_open) : "—" });
  }
  const opensLater = desk.next_open && desk.next_open.slice(0, 10) === desk.now.slice(0, 10);
  if (!desk.open_now && opensLater && desk.next_open < desk.closes_at) {
    return t("home.opensToday", {
      time: formatTime(desk.next_open),
      until: formatTime(desk.closes_at),
    });
  }
  return t("home.openUntil", { time: formatTime(desk.closes_at) });
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

export async function render(ctx) {
  // The kiosk runs all day: read the desk's state now, not as it was at start.
  ctx.desk = (await api("desk").catch(() => null)) || ctx.desk;
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
      h("p", { class: "desk-day", "data-testid": "desk-day", text: today(ctx.desk) }),
      phoneQr(ctx.config.phone_link),
    ),
  );
}
