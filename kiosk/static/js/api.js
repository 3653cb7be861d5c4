// The kiosk's API client: the shared client (../shared/api.js) with the kiosk's words for
// failures the server does not describe, in the screen's language.
import { API, ApiError, apiUrl, createClient } from "../shared/api.js";
import { t } from "./i18n.js";

export { API, ApiError, apiUrl };

/** `api(path, {method, body, query, signal})`: parsed JSON, or throws ApiError (see shared/api.js). */
export const api = createClient({
  name: "kiosk",
  messages: {
    network: () => t("error.network"),
    generic: () => t("error.generic"),
    rateLimited: (seconds) => t("error.rateLimited", { seconds }),
  },
});

/** URL of a QR code PNG for any short text. */
export function qrUrl(text) {
  return apiUrl("qr.png", { data: text });
}
