// Choosing a free time of a field (booking and rescheduling): the calendar of the next weeks,
// the chosen time, and, when the time filled up meanwhile, the nearest free ones.
import { api } from "../api.js";
import { dayOf, formatDate, formatTime, h, isoDay, replace } from "../dom.js";
import { notice } from "../forms.js";
import { t } from "../i18n.js";
import { slotCalendar } from "./calendar.js";

const WEEKS = 4;

export function slotWhen(startsAt, say = t) {
  return say("booking.when", { time: formatTime(startsAt), date: formatDate(startsAt) });
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

/**
 * The free slots of `field` from today (the desk's clock): `calendar`, `chosen` and `out`
 * go into the form; `slot` is the chosen one (or null); `send(request)` runs the request
 * and, when the slot is full, shows the nearest free times in `out` before passing the error
 * on (the form shows the message itself).
 */
export function slotPicker(ctx, field) {
  const picker = {
    slot: null,
    chosen: h("p", { class: "chosen", "data-testid": "chosen-slot", text: t("booking.noTimeYet") }),
    calendar: h("div", { class: "calendar-box" }, h("p", { class: "hint", text: t("status.loading") })),
    out: h("div", { "aria-live": "polite" }),
  };
  const pick = (picked) => {
    picker.slot = picked;
    picker.chosen.textContent = `${t("booking.time")}: ${slotWhen(picked.starts_at)}`;
  };
  picker.send = async (request) => {
    try {
      return await request();
    } catch (error) {
      if (error.code === "slot_full") replace(picker.out, alternatives(error, pick));
      throw error;
    }
  };
  const now = ctx.desk ? ctx.desk.now : new Date().toISOString();
  const today = dayOf(now);
  const end = isoDay(new Date(today.getTime() + (WEEKS * 7 - 1) * 86_400_000));
  api("appointments/slots", { query: { field, start: isoDay(today), end } })
    .then((slots) => replace(picker.calendar, slotCalendar(slots, now, WEEKS, pick)))
    .catch((error) => replace(picker.calendar, notice(error.message)));
  return picker;
}
