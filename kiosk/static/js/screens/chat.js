// The assistant (Trợ lý): Rasa's answers through POST /api/v1/chat, rendered as text,
// buttons (pressing one sends its payload) and procedure cards.
import { api } from "../api.js";
import { h, replace, svg } from "../dom.js";
import { notice, textField } from "../forms.js";
import { language, t } from "../i18n.js";
import { ICONS } from "../icons.js";
import { session } from "../session.js";
import { speakButton } from "../speech.js";
import { customCard } from "./chatcards.js";
import { requestHandoff } from "./handoff.js";
import { phoneQr } from "./home.js";

const SUGGESTIONS = ["chat.suggest1", "chat.suggest2", "chat.suggest3"];

function botMessage(ctx, message, send) {
  const card = message.custom ? customCard(ctx, message.custom) : null;
  const buttons = message.buttons || [];
  if (!message.text && !card && !buttons.length) return null; // nothing to show: no bubble
  return h(
    "div",
    { class: "msg bot", "data-testid": "bot-message" },
    message.text ? h("p", { class: "msg-text", text: message.text }) : null,
    card,
    buttons.length
      ? h(
          "div",
          { class: "msg-buttons" },
          buttons.map((button) =>
            h("button", {
              type: "button",
              class: "secondary",
              "data-payload": button.payload,
              text: button.title,
              onclick: () => send(button.payload, button.title),
            }),
          ),
        )
      : null,
    message.text ? speakButton(message.text) : null,
  );
}

function entry(ctx, item, send) {
  if (item.from === "user")
    return h("div", { class: "msg user", "data-testid": "user-message", text: item.text });
  if (item.from === "notice") return notice(item.text, "info");
  if (item.from === "error") return notice(item.text);
  return botMessage(ctx, item, send);
}

/** A reply as chat entries: the notice when Rasa is down, then the messages. */
function replyEntries(reply) {
  const entries = [];
  if (reply.degraded) {
    // The server words the notice in Vietnamese; other languages use their own.
    const note = language() === "vi" && reply.notice ? reply.notice : t("chat.degraded");
    entries.push({ from: "notice", text: note });
  }
  for (const m of reply.messages) entries.push({ from: "bot", ...m });
  if (!reply.messages.length) entries.push({ from: "bot", text: t("chat.noAnswer"), buttons: [] });
  return entries;
}

export function render(ctx) {
  const log = h("div", { class: "chat-log", "data-testid": "chat-log", "aria-live": "polite" });
  const field = textField({ name: "message", label: t("chat.label"), maxlength: 500 });
  const input = field.querySelector("input");
  input.setAttribute("autofocus", "");
  input.setAttribute("placeholder", t("chat.placeholder"));

  const draw = (waiting = false) => {
    replace(
      log,
      session.chat.length
        ? null
        : h(
            "div",
            { class: "msg bot" },
            h("p", { class: "msg-text", text: t("chat.welcome") }),
            h(
              "div",
              { class: "msg-buttons" },
              SUGGESTIONS.map((key) =>
                h("button", {
                  type: "button",
                  class: "secondary",
                  text: t(key),
                  onclick: () => send(t(key)),
                }),
              ),
            ),
          ),
      session.chat.map((item) => entry(ctx, item, send)),
      waiting ? h("p", { class: "msg bot typing", text: t("chat.typing") }) : null,
    );
    log.lastElementChild?.scrollIntoView({ block: "end" });
  };

  async function send(message, shown = message) {
    const text = String(message).trim();
    if (!text) return;
    const sessionId = session.id;
    session.chat.push({ from: "user", text: shown });
    draw(true);
    let entries;
    try {
      const reply = await api("chat", {
        method: "POST",
        // The screen language: in English the assistant answers in English where it can.
        body: { session_id: sessionId, message: text, language: language() },
      });
      entries = replyEntries(reply);
    } catch (error) {
      entries = [{ from: "error", text: error.message || t("chat.unavailable") }];
    }
    if (sessionId !== session.id) return; // the visit ended (idle) while waiting
    session.chat.push(...entries);
    if (log.isConnected) draw();
  }

  /** "Gặp cán bộ": a request to staff straight from the kiosk, shown as its card once. */
  async function askStaff(button) {
    button.disabled = true;
    try {
      const request = await requestHandoff();
      const known = session.chat.some((e) => e.custom?.type === "handoff" && e.custom.code === request.code);
      if (!known) session.chat.push({ from: "bot", text: null, buttons: [], custom: { type: "handoff", ...request } });
    } catch (error) {
      session.chat.push({ from: "error", text: error.message || t("chat.unavailable") });
    } finally {
      button.disabled = false;
    }
    if (log.isConnected) draw();
  }

  const form = h(
    "form",
    { class: "chat-form", novalidate: true },
    field,
    h(
      "button",
      { type: "submit", class: "primary send", "data-testid": "chat-send" },
      svg(ICONS.send),
      t("chat.send"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
  });
  draw();
  const ask = ctx.params.get("ask");
  if (ask) {
    history.replaceState(null, "", "#/chat");
    send(ask);
  }
  const staff = h("button", {
    type: "button",
    class: "secondary big",
    "data-testid": "ask-staff",
    text: t("handoff.button"),
    onclick: (event) => askStaff(event.currentTarget),
  });
  return h(
    "section",
    { class: "screen chat" },
    h("h1", { text: t("chat.title") }),
    log,
    form,
    h("div", { class: "actions" }, staff),
    phoneQr(ctx.config.phone_link),
  );
}
