// "Gặp cán bộ" in the chat: the request's card says honestly what happens next (place in
// the line; outside opening hours a call-back on a number left with consent) and shows
// the staff's answer when it arrives. The card follows its request with the
// conversation's own id (POST /handoffs/{code}/follow) every few seconds while on screen.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, fieldValue, submitButton, textField } from "../forms.js";
import { t, tvi, whenText } from "../i18n.js";
import { session } from "../session.js";
import { speakButton } from "../speech.js";

const POLL_MS = 4000;
const CLOSED = "đã xử lý";
const TAKEN = "đang hỗ trợ";

/** The Rasa sender id of this kiosk visit: the chat relay prefixes the channel. */
export function kioskSender() {
  return `kiosk-${session.id}`;
}

/** Ask for a person straight from the kiosk (works even when the assistant is down). */
export async function requestHandoff() {
  const said = session.chat.filter((e) => e.from === "user").map((e) => e.text);
  return api("handoffs", {
    method: "POST",
    body: {
      channel: "kiosk",
      sender_id: kioskSender(),
      reason: tvi("handoff.reason"),
      transcript: said.slice(-6).map((text) => String(text).slice(0, 500)),
    },
  });
}

/** What happens next, in the screen's language, from the request's state. */
export function nextStep(state, say = t) {
  const when = state.next_open ? whenText(state.next_open) : say("handoff.nextDay");
  if (state.counter) return say("handoff.counter", { counter: state.counter });
  if (state.answer) return say("handoff.answered");
  if (state.status === CLOSED) return say("handoff.closed");
  if (state.status === TAKEN) return say("handoff.taken");
  if (!state.desk_open && state.callback_phone) {
    return say("handoff.callback", { phone: state.callback_phone, when });
  }
  if (!state.desk_open) return say("handoff.closedAsk", { when });
  return state.waiting_before
    ? say("handoff.ahead", { count: state.waiting_before })
    : say("handoff.next");
}

function callbackForm(state, onState) {
  const consentId = `consent-${state.code}`;
  const form = h(
    "form",
    { class: "callback-form", novalidate: true, "data-testid": "callback-form" },
    textField({
      name: "phone",
      label: t("handoff.phone"),
      keyboard: "numeric",
      type: "tel",
      maxlength: 20,
    }),
    h(
      "label",
      { class: "check", for: consentId },
      h("input", { type: "checkbox", id: consentId, name: "consent" }),
      h("span", { text: t("handoff.consent") }),
    ),
    h("p", { class: "field-error", "data-error-for": "consent", role: "alert" }),
    h("div", { class: "form-error" }),
    submitButton(t("handoff.leavePhone")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      sender_id: state.sender_id,
      phone: fieldValue(form, "phone") || "",
      consent: form.querySelector(`#${CSS.escape(consentId)}`).checked,
    };
    const path = `handoffs/${encodeURIComponent(state.code)}/callback`;
    const saved = await busy(form, () => api(path, { method: "POST", body }));
    if (saved) onState(saved);
  });
  return form;
}

function answerBlock(state) {
  if (!state.answer) return null;
  return h(
    "div",
    { class: "staff-answer", "data-testid": "handoff-answer" },
    h("p", { class: "msg-text", text: state.answer }),
    speakButton(state.answer),
  );
}

/** The card of one request; `payload` is the assistant's custom payload or our own. */
export function handoffCard(payload) {
  const card = h("article", {
    class: "handoff-card",
    "data-testid": "handoff-card",
    "data-code": payload.code,
  });
  const sender = payload.sender_id || kioskSender();
  let timer = null;
  let shown = null;
  const draw = (state) => {
    payload.last = state; // a redrawn chat starts from what is known
    const key = JSON.stringify([
      state.status,
      state.answer,
      state.callback_phone,
      state.desk_open,
      state.waiting_before,
      state.counter,
    ]);
    if (key === shown) return; // unchanged: keep what the citizen is typing
    shown = key;
    const known = "desk_open" in state; // the assistant's payload: wait for the first follow
    const askPhone = known && !state.desk_open && !state.callback_phone && !state.answer;
    replace(
      card,
      h("h3", { text: t("handoff.title", { code: state.code }) }),
      h("p", {
        class: "handoff-next",
        "data-testid": "handoff-next",
        text: known ? nextStep(state) : t("status.loading"),
      }),
      answerBlock(state),
      askPhone && state.status !== CLOSED ? callbackForm(state, draw) : null,
    );
    if (state.status === CLOSED) clearInterval(timer);
  };
  const follow = async () => {
    if (!card.isConnected) return clearInterval(timer);
    try {
      const path = `handoffs/${encodeURIComponent(payload.code)}/follow`;
      draw(await api(path, { method: "POST", body: { sender_id: sender } }));
    } catch {
      // a failed poll changes nothing on screen; the next one tries again
    }
  };
  draw({ ...payload, ...(payload.last || {}), sender_id: sender });
  if (payload.last?.status !== CLOSED) {
    timer = setInterval(follow, POLL_MS);
    setTimeout(follow, 0); // once the card is on screen
  }
  return card;
}
