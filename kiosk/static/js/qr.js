// QR codes on the kiosk's screens. A QR code that leads to a page is shown only when the
// server gave a link a phone can open (a public address, a Telegram deep link); a summary
// QR holds plain text and needs no network.
import { qrUrl } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

/** A captioned QR code of `text`, or null when there is nothing to encode. */
export function qrFigure(text, caption, { size = 240, testid = null, src = null } = {}) {
  if (!text && !src) return null;
  return h(
    "figure",
    { class: "qr" },
    h("img", {
      src: src || qrUrl(text),
      alt: t("qr.alt"),
      width: size,
      height: size,
      "data-testid": testid,
    }),
    h("figcaption", { text: caption }),
  );
}
