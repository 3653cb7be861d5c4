// Booking: field (from the procedure or chosen), a calendar of free slots, name, phone,
// priority group; the confirmation shows the booking code and a QR code for the phone.
import { api, submit } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, doneButton, fieldValue, notice, submitButton, textField } from "../forms.js";
import { t, tv, tvi } from "../i18n.js";
import { qrFigure } from "../qr.js";
import { speakButton } from "../speech.js";
import { fieldPicker, priorityChoice, servedField } from "./fields.js";
import { slotPicker, slotWhen } from "./slots.js";

function confirmation(ctx, booked) {
  const counters = booked.counters.join(", ");
  const summary = [
    `${t("booking.code")}: ${booked.code}`,
    `${booked.field} — ${slotWhen(booked.starts_at)}`,
    `${t("booking.counters")}: ${counters}`,
    ctx.desk ? ctx.desk.name : "",
  ].join("\n");
  const spoken = `${tvi("booking.done")} ${tvi("booking.code")}: ${booked.code.split("").join(" ")}. ${slotWhen(booked.starts_at, tvi)}. ${tvi("booking.counters")}: ${counters}.`;
  return h(
    "div",
    { class: "result-card", "data-testid": "booking-result" },
    h("p", { class: "lead", text: t("booking.done") }),
    h("p", { class: "code", "data-testid": "booking-code", text: booked.code }),
    h(
      "div",
      { class: "result-columns" },
      h(
        "dl",
        { class: "summary" },
        h("dt", { text: t("booking.field") }),
        h("dd", { text: booked.field }),
        h("dt", { text: t("booking.time") }),
        h("dd", { text: slotWhen(booked.starts_at) }),
        h("dt", { text: t("booking.counters") }),
        h("dd", { text: counters }),
        h("dt", { text: t("booking.name") }),
        h("dd", { text: booked.name }),
        booked.priority !== "không" ? h("dt", { text: t("priority.label") }) : null,
        booked.priority !== "không" ? h("dd", { text: tv("priority", booked.priority) }) : null,
      ),
      h(
        "div",
        { class: "qr-list" },
        qrFigure(summary, t("qr.keepBooking")),
        qrFigure(booked.telegram_link, t("qr.telegram"), { testid: "telegram-qr" }),
      ),
    ),
    h("p", { class: "hint", text: t("booking.keepCode") }),
    manageButton(ctx),
    speakButton(spoken),
    doneButton(ctx.go),
  );
}

/** To the screen that changes or cancels a booking (code + phone). */
export function manageButton(ctx) {
  return h("button", {
    type: "button",
    class: "secondary",
    "data-testid": "to-manage",
    text: t("booking.manage"),
    onclick: () => ctx.go("appointment"),
  });
}

function bookingForm(ctx, field, procedure) {
  const picker = slotPicker(ctx, field);
  const form = h(
    "form",
    { class: "booking-form", novalidate: true },
    picker.calendar,
    h("p", { class: "field-error", "data-error-for": "starts_at", role: "alert" }),
    picker.chosen,
    priorityChoice(),
    textField({ name: "name", label: t("booking.name"), maxlength: 100 }),
    textField({
      name: "phone",
      label: t("booking.phone"),
      keyboard: "numeric",
      type: "tel",
      maxlength: 20,
    }),
    h("div", { class: "form-error" }),
    submitButton(t("booking.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      field,
      name: fieldValue(form, "name") || "",
      phone: fieldValue(form, "phone") || "",
      priority: fieldValue(form, "priority") || "không",
      channel: "kiosk",
    };
    if (picker.slot) body.starts_at = picker.slot.starts_at; // else the API names the missing field
    if (procedure) body.procedure_id = procedure.id;
    const booked = await busy(form, () => picker.send(() => submit("appointments", body)));
    if (booked) {
      replace(form.parentElement, confirmation(ctx, booked));
      window.scrollTo(0, 0);
    }
  });
  return h("div", { class: "booking-step" }, form, picker.out);
}

export async function render(ctx) {
  const procedureId = ctx.params.get("procedure");
  const procedure = procedureId ? await api(`procedures/${encodeURIComponent(procedureId)}`) : null;
  // The desk's field that takes the procedure (an official field name the desk maps).
  const wanted = procedure ? procedure.scope?.field || procedure.field : ctx.params.get("field");
  const field = servedField(ctx.desk, wanted);
  const choose = (f) => ctx.go(`booking?field=${encodeURIComponent(f)}`);
  const fields = ctx.desk ? ctx.desk.fields : [];
  let body;
  if (!field) {
    body = [
      wanted ? notice(t("booking.notServed", { field: wanted })) : null,
      h("h2", { text: t("booking.chooseField") }),
      fieldPicker(fields, choose),
    ];
  } else {
    body = [
      h("p", {
        class: "lead",
        "data-testid": "booking-field",
        text: `${t("booking.field")}: ${field}`,
      }),
      bookingForm(ctx, field, procedure),
    ];
  }
  return h(
    "section",
    { class: "screen booking" },
    h("h1", { text: t("booking.title") }),
    procedure ? h("p", { class: "lead", text: procedure.name }) : null,
    field ? null : manageButton(ctx),
    body,
  );
}
