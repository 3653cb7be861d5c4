// Booking: field (from the procedure or chosen), a calendar of free slots, name, phone,
// priority group; the confirmation shows the booking code and a QR code for the phone.
import { api, submit } from "../api.js";
import { dayOf, formatDate, formatTime, h, isoDay, replace } from "../dom.js";
import { busy, doneButton, fieldValue, notice, submitButton, textField } from "../forms.js";
import { t, tv, tvi } from "../i18n.js";
import { qrFigure } from "../qr.js";
import { speakButton } from "../speech.js";
import { slotCalendar } from "./calendar.js";
import { fieldPicker, priorityChoice, servedField } from "./fields.js";

const WEEKS = 4;

function todayOf(ctx) {
  return ctx.desk ? ctx.desk.now : new Date().toISOString();
}

export function slotWhen(startsAt, say = t) {
  return say("booking.when", { time: formatTime(startsAt), date: formatDate(startsAt) });
}

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

export function alternatives(error, pick) {
  const options = error.body.alternatives || [];
  if (!options.length) return null;
  return h(
    "div",
    { class: "time-list alternatives" },
    options.map((slot) =>
      h("button", {
        type: "button",
        class: "time",
        text: slotWhen(slot.starts_at),
        onclick: () => pick(slot),
      }),
    ),
  );
}

function bookingForm(ctx, field, procedure) {
  const chosen = h("p", {
    class: "chosen",
    "data-testid": "chosen-slot",
    text: t("booking.noTimeYet"),
  });
  const calendarBox = h(
    "div",
    { class: "calendar-box" },
    h("p", { class: "hint", text: t("status.loading") }),
  );
  const out = h("div", { "aria-live": "polite" });
  let slot = null;
  const pick = (picked) => {
    slot = picked;
    chosen.textContent = `${t("booking.time")}: ${slotWhen(picked.starts_at)}`;
  };
  const form = h(
    "form",
    { class: "booking-form", novalidate: true },
    calendarBox,
    h("p", { class: "field-error", "data-error-for": "starts_at", role: "alert" }),
    chosen,
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
      starts_at: slot ? slot.starts_at : null,
      name: fieldValue(form, "name") || "",
      phone: fieldValue(form, "phone") || "",
      priority: fieldValue(form, "priority") || "không",
      channel: "kiosk",
    };
    if (procedure) body.procedure_id = procedure.id;
    if (!slot) delete body.starts_at; // the API names the missing field
    const booked = await busy(form, async () => {
      try {
        return await submit("appointments", body);
      } catch (error) {
        if (error.code === "slot_full")
          replace(out, notice(error.message), alternatives(error, pick));
        throw error;
      }
    });
    if (booked) {
      replace(form.parentElement, confirmation(ctx, booked));
      window.scrollTo(0, 0);
    }
  });
  const today = dayOf(todayOf(ctx));
  const end = isoDay(new Date(today.getTime() + (WEEKS * 7 - 1) * 86_400_000));
  api("appointments/slots", { query: { field, start: isoDay(today), end } })
    .then((slots) => replace(calendarBox, slotCalendar(slots, todayOf(ctx), WEEKS, pick)))
    .catch((error) => replace(calendarBox, notice(error.message)));
  return h("div", { class: "booking-step" }, form, out);
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
