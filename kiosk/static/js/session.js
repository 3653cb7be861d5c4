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

const idle = { timer: null, warnTimer: null, seconds: 90, handlers: {}, warning: false };

/** How long "Bạn còn đang dùng?" shows before the reset: 10 s, less for a short timeout. */
export function warningSeconds(seconds) {
  return Math.min(10, Math.max(1, Math.floor(seconds / 2)));
}

/** Note activity: hide the warning and restart the countdown. */
export function touch() {
  clearTimeout(idle.timer);
  clearTimeout(idle.warnTimer);
  if (idle.warning) {
    idle.warning = false;
    idle.handlers.onActive?.();
  }
  const warn = warningSeconds(idle.seconds);
  idle.warnTimer = setTimeout(
    () => {
      idle.warning = true;
      idle.handlers.onWarn?.(warn);
    },
    (idle.seconds - warn) * 1000,
  );
  idle.timer = setTimeout(() => {
    idle.warning = false;
    idle.handlers.onIdle?.();
  }, idle.seconds * 1000);
}

/**
 * After `seconds` without a touch, key or typing call `onIdle`; `warningSeconds` before
 * that call `onWarn(secondsLeft)`, and `onActive` if the citizen comes back in time.
 */
export function startIdle(seconds, { onIdle, onWarn, onActive }) {
  idle.seconds = seconds;
  idle.handlers = { onIdle, onWarn, onActive };
  for (const type of ["pointerdown", "keydown", "input", "wheel", "scroll"]) {
    document.addEventListener(type, touch, { capture: true, passive: true });
  }
  touch();
}
