// Kiosk start-up: settings, header, hash router, idle reset.
import { adoptDeviceToken, api } from "./api.js";
import { h, replace, svg } from "./dom.js";
import { language, setLanguage, t } from "./i18n.js";
import { ICONS } from "./icons.js";
import { hideIdleWarning, showIdleWarning } from "./idle.js";
import { hide as hideKeyboard, installKeyboard, resetKeyboard } from "./keyboard.js";
import { resetSession, startIdle, touch } from "./session.js";
import { checkSpeech, installSpeech, stopSpeech } from "./speech.js";
import * as appointment from "./screens/appointment.js";
import * as booking from "./screens/booking.js";
import * as chat from "./screens/chat.js";
import * as checklist from "./screens/checklist.js";
import * as complaint from "./screens/complaint.js";
import * as dossier from "./screens/dossier.js";
import * as home from "./screens/home.js";
import * as procedure from "./screens/procedure.js";
import * as queue from "./screens/queue.js";
import * as rating from "./screens/rating.js";
import * as search from "./screens/search.js";
import * as track from "./screens/track.js";

const SCREENS = {
  "": home,
  search,
  procedure,
  checklist,
  booking,
  queue,
  dossier,
  rating,
  complaint,
  chat,
  appointment,
  track,
};
const DEFAULT_CONFIG = { idle_seconds: 90, phone_link: null, language: "vi" };
const ctx = { config: DEFAULT_CONFIG, desk: null, go, rendering: 0 };

/** Navigate to a route such as "procedure/ho-tich.khai-sinh" or "booking?field=Hộ tịch". */
export function go(route) {
  const target = `#/${route}`;
  if (location.hash === target) render();
  else location.hash = target;
}

function parseRoute() {
  const raw = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
  const [path, query = ""] = raw.split("?");
  const [name, ...rest] = path.split("/");
  return { name, arg: rest.join("/"), params: new URLSearchParams(query) };
}

function toggle(name, labelKey, icon) {
  const on = document.body.classList.contains(name);
  return h(
    "button",
    {
      type: "button",
      class: "tool",
      "data-testid": name,
      "aria-pressed": on ? "true" : "false",
      onclick: () => {
        document.body.classList.toggle(name);
        renderHeader();
      },
    },
    svg(ICONS[icon]),
    h("span", { text: t(labelKey) }),
  );
}

function renderHeader() {
  const header = document.getElementById("topbar");
  const atHome = parseRoute().name === "";
  replace(
    header,
    h(
      "div",
      { class: "nav" },
      atHome
        ? null
        : h(
            "button",
            { type: "button", class: "tool", "data-testid": "back", onclick: () => history.back() },
            svg(ICONS.back),
            h("span", { text: t("nav.back") }),
          ),
      atHome
        ? null
        : h(
            "button",
            { type: "button", class: "tool", "data-testid": "home", onclick: () => go("") },
            svg(ICONS.home),
            h("span", { text: t("nav.home") }),
          ),
    ),
    h("div", { class: "desk-name", text: ctx.desk ? ctx.desk.name : t("app.title") }),
    h(
      "div",
      { class: "tools" },
      toggle("large-text", "tool.largeText", "text"),
      toggle("high-contrast", "tool.contrast", "contrast"),
      h(
        "button",
        {
          type: "button",
          class: "tool",
          "data-testid": "language",
          lang: language() === "vi" ? "en" : "vi",
          onclick: () => {
            setLanguage(language() === "vi" ? "en" : "vi");
            render();
          },
        },
        svg(ICONS.globe),
        h("span", { text: t("tool.otherLanguage") }),
      ),
    ),
  );
}

async function render() {
  const token = ++ctx.rendering;
  const { name, arg, params } = parseRoute();
  const screen = SCREENS[name] || home;
  const main = document.getElementById("screen");
  hideKeyboard();
  renderHeader();
  document.title = t("app.title");
  let view;
  try {
    view = await screen.render({ ...ctx, arg, params });
  } catch (error) {
    view = h(
      "section",
      { class: "screen" },
      h("p", { class: "notice error", text: error.message }),
    );
  }
  if (token !== ctx.rendering) return; // a newer navigation won
  main.dataset.screen = name || "home";
  replace(main, view);
  window.scrollTo(0, 0);
  const focus = main.querySelector("[autofocus]");
  if (focus) focus.focus();
}

/** The idle timeout: forget the visitor and show the home screen in Vietnamese. */
function resetVisit() {
  hideIdleWarning();
  resetSession();
  stopSpeech();
  resetKeyboard();
  setLanguage(ctx.config.language || "vi");
  document.body.classList.remove("large-text", "high-contrast");
  document.body.dataset.resets = String(Number(document.body.dataset.resets || 0) + 1);
  if (location.hash === "" || location.hash === "#/") render();
  else location.hash = "#/";
}

async function boot() {
  adoptDeviceToken();
  setLanguage("vi");
  const [config, desk] = await Promise.all([
    api("ui-config").catch(() => DEFAULT_CONFIG),
    api("desk").catch(() => null),
  ]);
  ctx.config = config;
  ctx.desk = desk;
  setLanguage(config.language || "vi");
  installKeyboard();
  installSpeech(touch);
  await checkSpeech();
  window.addEventListener("hashchange", render);
  startIdle(config.idle_seconds, {
    onIdle: resetVisit,
    onWarn: showIdleWarning,
    onActive: hideIdleWarning,
  });
  await render();
  document.body.dataset.ready = "true";
}

boot();
