// Read aloud: every answer gets a button that plays WAV from /api/v1/speech.
// Buttons are hidden (body.no-speech) while the server says synthesis is unavailable.
import { api, apiUrl } from "./api.js";
import { h, svg } from "./dom.js";
import { t } from "./i18n.js";
import { ICONS } from "./icons.js";

const CHUNK = 250; // characters per request: short texts synthesise fast and cache well
const state = { available: false, queue: [], button: null };

function audio() {
  return document.getElementById("speech-audio");
}

function setAvailable(available) {
  state.available = available;
  document.body.classList.toggle("no-speech", !available);
}

/** Ask the server whether it can speak; hide the buttons when it cannot. */
export async function checkSpeech() {
  try {
    const status = await api("speech/status");
    setAvailable(Boolean(status?.available));
  } catch {
    setAvailable(false);
  }
}

/** Split a text into sentence-sized pieces of at most CHUNK characters. */
export function chunks(text) {
  const pieces = [];
  let current = "";
  const sentences = String(text)
    .replace(/\s+/g, " ")
    .trim()
    .split(/(?<=[.!?;:])\s+/u);
  for (const sentence of sentences) {
    const words = sentence.split(" ");
    for (const word of words) {
      if (current && current.length + word.length + 1 > CHUNK) {
        pieces.push(current);
        current = "";
      }
      current = current ? `${current} ${word}` : word;
    }
    if (current.length > CHUNK * 0.6) {
      pieces.push(current);
      current = "";
    }
  }
  if (current) pieces.push(current);
  return pieces.filter((piece) => piece.trim());
}

function playNext() {
  const player = audio();
  const next = state.queue.shift();
  if (!next) return finished();
  player.src = apiUrl("speech", { text: next });
  player.play().catch(() => {
    // Refused autoplay or a failed load: the "error" listener below handles a failed load.
  });
}

function finished() {
  if (state.button) state.button.classList.remove("playing");
  state.button = null;
}

/** Stop reading and reset the button that started it. */
export function stopSpeech() {
  const player = audio();
  state.queue = [];
  if (player) player.pause();
  finished();
}

/** Read a text aloud; a second press on the same button stops it. */
export function speak(text, button = null) {
  const same = button && state.button === button;
  stopSpeech();
  if (same) return;
  state.queue = chunks(text);
  state.button = button;
  if (button) button.classList.add("playing");
  playNext();
}

/** A "Đọc to" button for an answer; `text` may be a function evaluated on press. */
export function speakButton(text) {
  const button = h(
    "button",
    { type: "button", class: "speak", "data-testid": "speak" },
    svg(ICONS.speaker),
    h("span", { text: t("action.readAloud") }),
  );
  button.addEventListener("click", () => speak(typeof text === "function" ? text() : text, button));
  return button;
}

/** Wire the shared <audio> element: next chunk on end, hide the buttons on failure. */
export function installSpeech(onActivity) {
  const player = audio();
  player.addEventListener("ended", playNext);
  player.addEventListener("timeupdate", onActivity);
  player.addEventListener("error", () => {
    if (!player.getAttribute("src")) return;
    state.queue = [];
    finished();
    setAvailable(false); // the server answered 503: synthesis is not working
  });
}
