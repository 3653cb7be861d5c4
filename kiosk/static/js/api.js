// The kiosk's API client: the shared client (../shared/api.js) with the kiosk's words for
// failures the server does not describe, in the screen's language.
import { API, ApiError, apiUrl, createClient } from "../shared/api.js";
import { t } from "./i18n.js";
import { session } from "./session.js";

// A kiosk device of the desk is rate-limited per visit, not per address (every citizen at
// it shares the address): it is set up once by opening /?kiosk=<device token>, kept here.
const DEVICE_KEY = "motcua.kioskDevice";

/** Keep the device token given in the address (?kiosk=…) and take it out of the address. */
export function adoptDeviceToken() {
  const url = new URL(location.href);
  const token = url.searchParams.get("kiosk");
  if (!token) return;
  try {
    localStorage.setItem(DEVICE_KEY, token);
  } catch {
    // storage refused (private mode): the kiosk is then limited by its address
  }
  url.searchParams.delete("kiosk");
  history.replaceState(null, "", url.toString());
}

function deviceHeaders() {
  let token = null;
  try {
    token = localStorage.getItem(DEVICE_KEY);
  } catch {
    token = null;
  }
  const headers = { "X-Motcua-Session": session.id };
  if (token) headers["X-Motcua-Kiosk"] = token;
  return headers;
}

export { API, ApiError, apiUrl };

/** `api(path, {method, body, query, signal})`: parsed JSON, or throws ApiError (see shared/api.js). */
export const api = createClient({
  name: "kiosk",
  headers: deviceHeaders,
  messages: {
    network: () => t("error.network"),
    generic: () => t("error.generic"),
    rateLimited: (seconds) => t("error.rateLimited", { seconds }),
  },
});

// Citizens' writes (booking, ticket, rating, complaint): one Idempotency-Key per attempt,
// the same while the same form is sent again (an answer lost on the way, a kiosk replica
// restarting), a new one once it succeeded or the form changed. The server then creates
// one record however often the citizen taps the button.
const attempts = new Map();

function newKey() {
  // crypto.getRandomValues works on plain http too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** POST a citizen's write with its attempt's Idempotency-Key; returns parsed JSON. */
export async function submit(path, body) {
  const json = JSON.stringify(body);
  let attempt = attempts.get(path);
  if (!attempt || attempt.json !== json) {
    attempt = { json, key: newKey() };
    attempts.set(path, attempt);
  }
  const data = await api(path, {
    method: "POST",
    body,
    headers: { "Idempotency-Key": attempt.key },
  });
  attempts.delete(path);
  return data;
}

/** URL of a QR code PNG for any short text. */
export function qrUrl(text) {
  return apiUrl("qr.png", { data: text });
}
