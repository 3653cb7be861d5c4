// The one client of motcua's REST API (/api/v1), shared by the kiosk (kiosk/static/js),
// the staff console (kiosk/static/staff/js) and the waiting-room display (kiosk/static/display).
// It decides what an error is; each page decides how to show it.
//
//   import { createClient } from "/static/shared/api.js";
//   const api = createClient({ name: "kiosk" });
//   const answer = await api("procedures/search", { query: { q: "khai sinh", k: 6 } });
//   const saved = await api("complaints", { method: "POST", body: { content } }); // JSON in, JSON out
//   await api("dossiers/import", { method: "POST", body: formData });             // FormData as is
//
// Options of a call: method (GET), body, query (null/undefined values are left out), signal,
// headers. It resolves to the parsed JSON answer (null when there is none) or rejects with:
//   - the browser's AbortError when `signal` aborted it (not an error to show);
//   - an ApiError, whose `message` is a Vietnamese sentence ready to show:
//       the server's `detail` when it sent one (kiosk/api/errors.py); for a 422 (a list of
//       {field, message}, kiosk/api/validation.py) the messages joined, and `fields` maps
//       each field's last name ("contact_phone") to its message;
//       429 without a detail: when to try again, from `retryAfter`;
//       no answer at all (server down, network cut): `status` 0 and `network` true;
//       anything else (a proxy's HTML error page): a generic message.
//     It also keeps `code` (the server's machine code, e.g. "slot_full"), `body` (the whole
//     answer, e.g. `alternatives`, `rows`), `retryAfter` (seconds, from Retry-After) and
//     `requestId`.
//
// Every request carries X-Request-ID ("<name>-<16 hex>"); the server logs it and echoes it.
// `api.setCsrf(token)` keeps the staff session's CSRF token, then sent in X-CSRF-Token on
// every write (not on GET/HEAD). `onUnauthorized(error)` is called on every 401.
// `messages` replaces the texts for failures without a server detail (each a string or a
// function, called when the error happens: the kiosk words them in the screen's language).

export const API = "/api/v1";

/** The client's own words, for failures the server did not describe. */
export const MESSAGES = {
  network: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
  generic: "Yêu cầu không thực hiện được.",
  rateLimited: (seconds) => `Bạn gửi yêu cầu quá nhanh. Vui lòng thử lại sau ${seconds} giây.`,
};

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** A call that did not succeed, with a message to show. */
export class ApiError extends Error {
  constructor(message, options = {}) {
    const { status = 0, body = null, fields = {}, retryAfter = null, requestId = null } = options;
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body || {};
    this.code = this.body.error || null;
    this.fields = fields;
    this.retryAfter = retryAfter;
    this.requestId = requestId;
  }

  /** True when the server could not be reached at all. */
  get network() {
    return this.status === 0;
  }
}

/** "/api/v1/qr.png?data=..." for `path` and a query object (null/undefined values dropped). */
export function apiUrl(path, query = null) {
  const url = path.startsWith("/") ? path : `${API}/${path}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    // An array repeats the parameter (?case=a&case=b).
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== null && one !== undefined) params.append(key, String(one));
    }
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

function say(text, ...args) {
  return typeof text === "function" ? text(...args) : text;
}

function randomId(name) {
  const bytes = crypto.getRandomValues(new Uint8Array(8)); // works without HTTPS, unlike randomUUID
  return `${name}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Seconds to wait from Retry-After (seconds or an HTTP date), else the body's retry_after. */
function retryAfterOf(response, body) {
  const header = (response.headers.get("Retry-After") || "").trim();
  if (/^\d+$/.test(header)) return Number(header);
  const date = Date.parse(header);
  if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  const seconds = Number(body?.retry_after);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** Field messages of a 422 list: {phone: "Số điện thoại: ..."}, keyed by the field's last name. */
function fieldMessages(items) {
  const fields = {};
  for (const item of items) {
    const name = String(item?.field ?? "")
      .split(".")
      .pop();
    const message = String(item?.message ?? "");
    fields[name] = fields[name] ? `${fields[name]} ${message}` : message;
  }
  return fields;
}

/** The ApiError for a non-2xx answer. */
function answerError(response, body, requestId, messages) {
  const detail = body?.detail;
  const retryAfter = response.status === 429 ? retryAfterOf(response, body) : null;
  let fields = {};
  let message = "";
  if (Array.isArray(detail)) {
    fields = fieldMessages(detail);
    message = detail
      .map((item) => item?.message)
      .filter(Boolean)
      .join(" ");
  } else if (typeof detail === "string") {
    message = detail;
  }
  if (!message && retryAfter) message = say(messages.rateLimited, retryAfter);
  if (!message) message = say(messages.generic, response.status);
  return new ApiError(message, { status: response.status, body, fields, retryAfter, requestId });
}

/** A request body: FormData as is (the browser sets the multipart boundary), else JSON. */
function encode(body) {
  if (body === undefined || body instanceof FormData) return body;
  return JSON.stringify(body);
}

/** fetch, with a failure to get any answer turned into `unreachable()`; aborts pass through. */
async function send(url, init, unreachable) {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw unreachable();
  }
}

async function readJson(response) {
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? await response.json().catch(() => null) : null;
}

/**
 * A client: `api(path, options)`; see the top of this file.
 * `name` starts every request id (letters, digits, "-"); `messages` overrides MESSAGES;
 * `headers()` gives headers sent with every request (the kiosk's device and visit).
 */
export function createClient({
  name = "web",
  messages = {},
  onUnauthorized = null,
  headers: defaults = () => ({}),
} = {}) {
  const words = { ...MESSAGES, ...messages };
  const prefix = String(name).replace(/[^A-Za-z0-9-]/g, "") || "web";
  let csrfToken = null;

  function headersFor(verb, body, requestId, extra) {
    const headers = {
      Accept: "application/json",
      "X-Request-ID": requestId,
      ...defaults(),
      ...extra,
    };
    if (body !== undefined && !(body instanceof FormData))
      headers["Content-Type"] = "application/json";
    if (csrfToken && !SAFE_METHODS.has(verb)) headers["X-CSRF-Token"] = csrfToken;
    return headers;
  }

  async function api(path, { method = "GET", body, query, signal, headers = {} } = {}) {
    const verb = method.toUpperCase();
    const requestId = randomId(prefix);
    const init = { method: verb, signal, body: encode(body) };
    init.headers = headersFor(verb, body, requestId, headers);
    const unreachable = () => new ApiError(say(words.network), { requestId });
    const response = await send(apiUrl(path, query), init, unreachable);
    const data = await readJson(response);
    if (response.ok) return data;
    const echoed = response.headers.get("X-Request-ID") || requestId;
    const failure = answerError(response, data, echoed, words);
    if (response.status === 401 && onUnauthorized) onUnauthorized(failure);
    throw failure;
  }

  /** Keep the staff session's CSRF token (null after logout). */
  api.setCsrf = (token) => {
    csrfToken = token || null;
  };
  return api;
}
