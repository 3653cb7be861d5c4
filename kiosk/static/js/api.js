// The one client of the kiosk REST API (/api/v1).
import { t } from "./i18n.js";

export const API = "/api/v1";

/** An API answer that is not 2xx; `fields` maps a field name to its Vietnamese message. */
export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && body.detail;
    const fields = {};
    let message;
    if (Array.isArray(detail)) {
      for (const item of detail) {
        const name = String(item.field || "")
          .split(".")
          .pop();
        fields[name] = fields[name] ? `${fields[name]} ${item.message}` : item.message;
      }
      message = detail.map((item) => item.message).join(" ");
    } else if (typeof detail === "string") {
      message = detail;
    } else {
      message = status === 0 ? t("error.network") : t("error.generic");
    }
    super(message);
    this.status = status;
    this.code = (body && body.error) || null;
    this.body = body || {};
    this.fields = fields;
  }
}

/** Call the API; returns parsed JSON or throws ApiError. */
export async function api(path, { method = "GET", body, query, signal, idempotencyKey } = {}) {
  let url = path.startsWith("/") ? path : `${API}/${path}`;
  if (query) url += `?${new URLSearchParams(query)}`;
  const init = { method, signal, headers: { Accept: "application/json" } };
  if (idempotencyKey) init.headers["Idempotency-Key"] = idempotencyKey;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, null);
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

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
  const data = await api(path, { method: "POST", body, idempotencyKey: attempt.key });
  attempts.delete(path);
  return data;
}

/** URL of a QR code PNG for any short text. */
export function qrUrl(text) {
  return `${API}/qr.png?${new URLSearchParams({ data: text })}`;
}
