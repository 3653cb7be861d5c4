// One citizen's visit: the chat session id and transcript. The idle timer ends it.

/** A random id; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newSessionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `kiosk-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export const session = {
  id: newSessionId(),
  chat: [], // [{from: "user"|"bot", ...message}], kept across language switches
  search: "", // the last search, restored when the citizen comes back to it
};

/** Forget everything about the current visitor. */
export function resetSession() {
  session.id = newSessionId();
  session.chat = [];
  session.search = "";
}

const idle = { timer: null, seconds: 90, onIdle: null };

/** Note activity: restart the idle countdown. */
export function touch() {
  clearTimeout(idle.timer);
  idle.timer = setTimeout(() => idle.onIdle?.(), idle.seconds * 1000);
}

/** Call `onIdle` after `seconds` without a touch, key or typing. */
export function startIdle(seconds, onIdle) {
  idle.seconds = seconds;
  idle.onIdle = onIdle;
  for (const type of ["pointerdown", "keydown", "input", "wheel", "scroll"]) {
    document.addEventListener(type, touch, { capture: true, passive: true });
  }
  touch();
}
