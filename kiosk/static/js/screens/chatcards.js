// The assistant's custom payloads as cards in the chat: a procedure, a booking, a queue
// ticket, a saved checklist, a request to talk to staff. A payload the kiosk does not know
// is not drawn (and a message with nothing else to show gets no empty bubble).
import { formatTime, h } from "../dom.js";
import { t, tv } from "../i18n.js";
import { qrFigure } from "../qr.js";
import { slotWhen } from "./slots.js";
import { procedureCard } from "./cards.js";
import { handoffCard } from "./handoff.js";
import { printTicket } from "./queue.js";

function rows(pairs) {
  return h(
    "dl",
    { class: "summary" },
    pairs
      .filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([label, value]) => [h("dt", { text: label }), h("dd", { text: String(value) })]),
  );
}

function bookingCard(ctx, b) {
  const summary = [`${t("booking.code")}: ${b.code}`, `${b.field} — ${slotWhen(b.starts_at)}`].join(
    "\n",
  );
  return h(
    "article",
    { class: "chat-card", "data-testid": "booking-card" },
    h("p", { class: "code", text: b.code }),
    rows([
      [t("booking.field"), b.field],
      [t("booking.time"), slotWhen(b.starts_at)],
      [t("booking.counters"), (b.counters || []).join(", ")],
    ]),
    h(
      "div",
      { class: "qr-list" },
      qrFigure(summary, t("qr.keepBooking"), { size: 200 }),
      qrFigure(b.telegram_link, t("qr.telegram"), { size: 200, testid: "telegram-qr" }),
    ),
    h("button", {
      type: "button",
      class: "secondary",
      text: t("booking.manage"),
      onclick: () => ctx.go("appointment"),
    }),
  );
}

function ticketCard(ticket) {
  const wait =
    ticket.estimated_wait_minutes > 0
      ? t("queue.wait", { minutes: ticket.estimated_wait_minutes })
      : t("queue.soon");
  return h(
    "article",
    { class: "chat-card", "data-testid": "ticket-card" },
    h("p", { class: "ticket-number", text: ticket.label }),
    rows([
      [t("booking.field"), ticket.field],
      [t("queue.aheadTitle"), ticket.people_ahead],
      [t("queue.waitTitle"), wait],
      [t("queue.issued"), ticket.issued_at ? formatTime(ticket.issued_at) : null],
      [t("priority.label"), ticket.priority && ticket.priority !== "không" ? tv("priority", ticket.priority) : null],
    ]),
    ticket.id
      ? h("button", {
          type: "button",
          class: "primary",
          text: t("queue.print"),
          onclick: () => printTicket(ticket),
        })
      : null,
  );
}

function checklistCard(saved) {
  return h(
    "article",
    { class: "chat-card", "data-testid": "checklist-card" },
    h("p", { class: "code", text: saved.code }),
    h("h3", { text: t("checklist.missing") }),
    (saved.missing || []).length
      ? h(
          "ul",
          { class: "facts" },
          saved.missing.map((m) => h("li", { text: m })),
        )
      : h("p", { text: t("checklist.nothingMissing") }),
    h(
      "div",
      { class: "qr-list" },
      qrFigure(null, t("qr.scanChecklist"), { size: 200, src: saved.qr_png }),
      qrFigure(saved.telegram_link, t("qr.telegramChecklist"), { size: 200 }),
    ),
  );
}

/** The card for a custom payload, or null for one the kiosk does not draw. */
export function customCard(ctx, custom) {
  switch (custom?.type) {
    case "procedure_card":
      return custom.procedure ? procedureCard(ctx, custom.procedure) : null;
    case "booking":
      return custom.code ? bookingCard(ctx, custom) : null;
    case "ticket":
      return custom.label ? ticketCard(custom) : null;
    case "checklist":
      return custom.code ? checklistCard(custom) : null;
    case "handoff":
      return custom.code ? handoffCard(custom) : null;
    default:
      return null;
  }
}
