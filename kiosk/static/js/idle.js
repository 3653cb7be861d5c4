// "Bạn còn đang dùng?": the warning shown before the idle reset, with a countdown and a
// button to go on. Any touch also dismisses it (session.js counts every touch).
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

const state = { box: null, ticker: null, left: 0 };

function draw() {
  replace(
    state.box,
    h(
      "div",
      { class: "idle-card" },
      h("h2", { id: "idle-title", text: t("idle.title") }),
      h("p", {
        class: "lead",
        "data-testid": "idle-countdown",
        "data-seconds": String(state.left),
        text: t("idle.body", { seconds: state.left }),
      }),
      h("button", {
        type: "button",
        class: "primary big",
        "data-testid": "idle-continue",
        text: t("idle.continue"),
      }),
    ),
  );
}

/** Show the warning with `seconds` left; the countdown runs until hideIdleWarning(). */
export function showIdleWarning(seconds) {
  if (!state.box) {
    state.box = h("div", {
      class: "idle-warning",
      role: "alertdialog",
      "aria-modal": "true",
      "aria-labelledby": "idle-title",
      "data-testid": "idle-warning",
    });
    document.body.append(state.box);
  }
  state.left = seconds;
  state.box.hidden = false;
  draw();
  state.box.querySelector("button").focus();
  clearInterval(state.ticker);
  state.ticker = setInterval(() => {
    state.left = Math.max(0, state.left - 1);
    draw();
  }, 1000);
}

export function hideIdleWarning() {
  clearInterval(state.ticker);
  if (state.box) state.box.hidden = true;
}
