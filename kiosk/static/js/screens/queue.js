// Queue ticket: choose the field and priority group, get a number, wait estimate, print.
import { api, apiUrl, submit } from "../api.js";
import { formatTime, h, replace, svg } from "../dom.js";
import { busy, doneButton, fieldValue, submitButton } from "../forms.js";
import { t, tv, tvi, whenText } from "../i18n.js";
import { ICONS } from "../icons.js";
import { speakButton } from "../speech.js";
import { countersFor, fieldPicker, priorityChoice, servedField } from "./fields.js";

/** Print the ticket page through a hidden frame (the kiosk's receipt printer). */
export function printTicket(ticket) {
  const old = document.getElementById("print-frame");
  if (old) old.remove();
  const frame = h("iframe", {
    id: "print-frame",
    class: "print-frame",
    title: t("queue.print"),
    src: apiUrl(`queue/tickets/${ticket.id}/print`),
  });
  frame.addEventListener("load", () => frame.contentWindow.print());
  document.body.append(frame);
}

function waitText(ticket, say = t) {
  return ticket.estimated_wait_minutes > 0
    ? say("queue.wait", { minutes: ticket.estimated_wait_minutes })
    : say("queue.soon");
}

function ticketCard(ctx, ticket) {
  const counters = countersFor(ctx.desk, ticket.field).join(", ");
  const spoken = `${tvi("queue.yourNumber")} ${ticket.label.replace("-", " ")}. ${tvi("queue.ahead", { count: ticket.people_ahead })}. ${waitText(ticket, tvi)}. ${tvi("queue.counters")}: ${counters}.`;
  return h(
    "div",
    { class: "result-card ticket", "data-testid": "ticket" },
    h("p", { class: "lead", text: t("queue.yourNumber") }),
    h("p", { class: "ticket-number", "data-testid": "ticket-number", text: ticket.label }),
    h(
      "dl",
      { class: "summary" },
      h("dt", { text: t("booking.field") }),
      h("dd", { text: ticket.field }),
      h("dt", { text: t("queue.counters") }),
      h("dd", { text: counters }),
      ticket.priority !== "không" ? h("dt", { text: t("priority.label") }) : null,
      ticket.priority !== "không" ? h("dd", { text: tv("priority", ticket.priority) }) : null,
      h("dt", { text: t("queue.aheadTitle") }),
      h("dd", { "data-testid": "people-ahead", text: String(ticket.people_ahead) }),
      h("dt", { text: t("queue.waitTitle") }),
      h("dd", { "data-testid": "wait", text: waitText(ticket) }),
      h("dt", { text: t("queue.issued") }),
      h("dd", { text: formatTime(ticket.issued_at) }),
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          class: "primary",
          "data-testid": "print",
          onclick: () => printTicket(ticket),
        },
        svg(ICONS.print),
        t("queue.print"),
      ),
      speakButton(spoken),
    ),
    doneButton(ctx.go),
  );
}

/** Outside the hours for numbers: say so before anything is filled in, offer a booking. */
function closedNotice(ctx, desk) {
  const when = desk.next_open ? whenText(desk.next_open) : "—";
  const key = desk.open_today && !desk.holiday_today ? "queue.closedToday" : "queue.closedDay";
  return h(
    "section",
    { class: "screen queue" },
    h("h1", { text: t("queue.title") }),
    h("div", { class: "notice info", "data-testid": "queue-closed", text: t(key, { when }) }),
    h("button", {
      type: "button",
      class: "primary big",
      "data-testid": "queue-book-instead",
      text: t("queue.bookInstead"),
      onclick: () => ctx.go("booking"),
    }),
    doneButton(ctx.go),
  );
}

export async function render(ctx) {
  const desk = await api("desk").catch(() => null);
  if (desk && !desk.tickets_open) return closedNotice(ctx, desk);
  const fields = ctx.desk ? ctx.desk.fields : [];
  let field = servedField(ctx.desk, ctx.params.get("field"));
  const out = h("div", { "aria-live": "polite" });
  const picker = h("div", {});
  const drawPicker = () =>
    replace(
      picker,
      fieldPicker(
        fields,
        (f) => {
          field = f;
          drawPicker();
        },
        field,
      ),
    );
  drawPicker();
  const form = h(
    "form",
    { class: "queue-form", novalidate: true },
    h("h2", { text: t("queue.chooseField") }),
    picker,
    h("p", { class: "field-error", "data-error-for": "field", role: "alert" }),
    priorityChoice(),
    h("div", { class: "form-error" }),
    submitButton(t("queue.take")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { priority: fieldValue(form, "priority") || "không" };
    if (field) body.field = field;
    const ticket = await busy(form, () => submit("queue/tickets", body));
    if (ticket) {
      replace(out, ticketCard(ctx, ticket));
      form.hidden = true;
      window.scrollTo(0, 0);
    }
  });
  return h("section", { class: "screen queue" }, h("h1", { text: t("queue.title") }), form, out);
}
