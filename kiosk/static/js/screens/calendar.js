// A month-style calendar of free slots: days with seats are buttons, then their times.
import { dayOf, formatTime, h, isoDay, parseLocal, replace } from "../dom.js";
import { t } from "../i18n.js";

const DAY_MS = 86_400_000;

function byDay(slots) {
  const days = new Map();
  for (const slot of slots) {
    const key = parseLocal(slot.starts_at).key;
    if (!days.has(key)) days.set(key, []);
    days.get(key).push(slot);
  }
  return days;
}

/** Monday on or before a calendar day. */
function monday(day) {
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

function dayCell(day, slots, today, onDay) {
  const key = isoDay(day);
  const past = day < today;
  // Free places of the day (seats summed over its times), not the number of times.
  const seats = slots ? slots.reduce((sum, slot) => sum + slot.remaining, 0) : 0;
  return h(
    "button",
    {
      type: "button",
      class: `day${seats ? " free" : ""}${key === isoDay(today) ? " today" : ""}`,
      disabled: past || !seats,
      "data-date": key,
      "aria-label": `${day.getUTCDate()}/${day.getUTCMonth() + 1}: ${t("booking.slotsFree", { count: slots ? slots.length : 0 })}`,
      onclick: (event) => onDay(key, event.currentTarget),
    },
    h("span", { class: "day-number", text: String(day.getUTCDate()) }),
    seats
      ? h("span", { class: "day-seats", text: t("booking.slotsShort", { count: seats }) })
      : null,
  );
}

/**
 * The calendar for `slots` ([{starts_at, ends_at, remaining}]) from `todayText` for `weeks`
 * weeks; `onPick(slot)` when a time is chosen.
 */
export function slotCalendar(slots, todayText, weeks, onPick) {
  const days = byDay(slots);
  const today = dayOf(todayText);
  const first = monday(today);
  const times = h("div", { class: "times", "data-testid": "times", "aria-live": "polite" });
  const grid = h("div", { class: "calendar-grid", role: "grid" });
  const names = t("calendar.weekdays").split(",");
  grid.append(...names.map((name) => h("div", { class: "weekday", text: name })));

  function onDay(key, button) {
    for (const el of grid.querySelectorAll(".day.selected")) el.classList.remove("selected");
    button.classList.add("selected");
    replace(
      times,
      h("h3", { text: t("booking.chooseTime") }),
      h(
        "div",
        { class: "time-list" },
        days.get(key).map((slot) =>
          h(
            "button",
            {
              type: "button",
              class: "time",
              "data-starts-at": slot.starts_at,
              onclick: (event) => {
                for (const el of times.querySelectorAll(".time.selected"))
                  el.classList.remove("selected");
                event.currentTarget.classList.add("selected");
                onPick(slot);
              },
            },
            h("strong", { text: formatTime(slot.starts_at) }),
            h("span", { text: t("booking.remaining", { count: slot.remaining }) }),
          ),
        ),
      ),
    );
  }

  for (let i = 0; i < weeks * 7; i++) {
    const day = new Date(first.getTime() + i * DAY_MS);
    grid.append(dayCell(day, days.get(isoDay(day)), today, onDay));
  }
  const month = `${today.getUTCMonth() + 1}/${today.getUTCFullYear()}`;
  return h(
    "div",
    { class: "calendar", "data-testid": "calendar" },
    h("h3", { text: t("booking.calendarTitle", { month }) }),
    slots.length ? null : h("p", { class: "notice info", text: t("booking.noSlots") }),
    grid,
    times,
  );
}
