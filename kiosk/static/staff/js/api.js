// The staff console's client of the API: session cookie (HttpOnly, set by the server)
// plus the CSRF token, sent in X-CSRF-Token on every write.

export const API = "/api/v1";
let csrfToken = null;

/** Remember the token from /staff/login or /staff/me. */
export function setCsrf(token) {
  csrfToken = token;
}

/** An answer that is not 2xx, with the server's Vietnamese message. */
export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && body.detail;
    let message;
    if (Array.isArray(detail)) {
      message = detail.map((item) => (item.field ? `${item.field}: ${item.message}` : item.message)).join(" ");
    } else if (typeof detail === "string") {
      message = detail;
    } else if (status === 0) {
      message = "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.";
    } else {
      message = "Yêu cầu không thực hiện được.";
    }
    super(message);
    this.status = status;
    this.code = (body && body.error) || null;
    this.body = body || {};
  }
}

let onUnauthorized = () => {};

/** Called when the session is gone (401): the console shows the login form again. */
export function whenLoggedOut(handler) {
  onUnauthorized = handler;
}

/** Call the API: `api("staff/me")`, `api("staff/faq", {query: {q}})`, `api(path, {method, body})`.
 * `body` is sent as JSON, or as is when it is FormData (file upload). */
export async function api(path, { method = "GET", body, query } = {}) {
  let url = path.startsWith("/") ? path : `${API}/${path}`;
  if (query) url += `?${new URLSearchParams(query)}`;
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET" && csrfToken) init.headers["X-CSRF-Token"] = csrfToken;
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, null);
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (response.status === 401 && !path.endsWith("staff/login")) onUnauthorized();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
