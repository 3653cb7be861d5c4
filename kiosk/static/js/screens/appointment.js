// Change or cancel a booking: code + phone, then cancel (confirmed) or move to another free
// time of the same field. What the citizen typed stays in the form when something fails.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, doneButton, fieldValue, notice, submitButton, textField } from "../forms.js";
import { t, tv } from "../i18n.js";
import { slotPicker, slotWhen } from "./slots.js";

const BOOKED = "đã đặt";

function summary(booked) {
  return h(
    "dl",
    { class: "summary" },
    h("dt", { text: t("booking.code") }),
    h("dd", { text: booked.code }),
    h("dt", { text: t("booking.field") }),
    h("dd", { text: booked.field }),
    h("dt", { text: t("booking.time") }),
    h("dd", { "data-testid": "manage-time", text: slotWhen(booked.starts_at) }),
    h("dt", { text: t("booking.counters") }),
    h("dd", { text: booked.counters.join(", ") }),
    h("dt", { text: t("manage.status") }),
    h("dd", { "data-testid": "manage-status", text: tv("appt", booked.status) }),
  );
}

function cancelStep(ctx, owner, box, show) {
  const form = h(
    "form",
    { class: "confirm-form", novalidate: true },
    h("p", { class: "lead", text: t("manage.confirmCancel", { code: owner.code }) }),
    h("div", { class: "form-error" }),
    h(
      "div",
      { class: "actions" },
      submitButton(t("manage.yesCancel")),
      h("button", {
        type: "button",
        class: "secondary big",
        text: t("manage.keep"),
        onclick: () => show(owner.booked),
      }),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const path = `appointments/${encodeURIComponent(owner.code)}/cancel`;
    const done = await busy(form, () =>
      api(path, { method: "POST", body: { phone: owner.phone } }),
    );
    if (done) {
      replace(
        box,
        notice(t("manage.cancelled", { code: done.code }), "success"),
        summary(done),
        doneButton(ctx.go),
      );
    }
  });
  replace(box, form);
}

function rescheduleStep(ctx, owner, box, show) {
  const picker = slotPicker(ctx, owner.booked.field);
  const form = h(
    "form",
    { class: "reschedule-form", novalidate: true },
    picker.calendar,
    h("p", { class: "field-error", "data-error-for": "starts_at", role: "alert" }),
    picker.chosen,
    h("div", { class: "form-error" }),
    submitButton(t("manage.moveTo")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { phone: owner.phone };
    if (picker.slot) body.starts_at = picker.slot.starts_at;
    const path = `appointments/${encodeURIComponent(owner.code)}/reschedule`;
    const moved = await busy(form, () => picker.send(() => api(path, { method: "POST", body })));
    if (moved) {
      owner.booked = moved;
      show(moved, t("manage.moved", { code: moved.code, when: slotWhen(moved.starts_at) }));
    }
  });
  replace(
    box,
    h("h2", { text: t("manage.reschedule") }),
    form,
    picker.out,
    h("button", {
      type: "button",
      class: "secondary",
      text: t("nav.back"),
      onclick: () => show(owner.booked),
    }),
  );
}

/** The found booking with its two actions (only while it is still booked). */
function bookingView(ctx, owner, box) {
  const show = (booked, message = null) => {
    const active = booked.status === BOOKED;
    replace(
      box,
      message ? notice(message, "success") : null,
      h("div", { class: "result-card", "data-testid": "manage-result" }, summary(booked)),
      active
        ? h(
            "div",
            { class: "actions" },
            h("button", {
              type: "button",
              class: "primary big",
              "data-testid": "manage-reschedule",
              text: t("manage.reschedule"),
              onclick: () => rescheduleStep(ctx, owner, box, show),
            }),
            h("button", {
              type: "button",
              class: "secondary big",
              "data-testid": "manage-cancel",
              text: t("manage.cancel"),
              onclick: () => cancelStep(ctx, owner, box, show),
            }),
          )
        : notice(t("manage.inactive"), "info"),
      doneButton(ctx.go),
    );
    box.scrollIntoView({ block: "start" });
  };
  show(owner.booked);
}

export function render(ctx) {
  const box = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "manage-form", novalidate: true },
    textField({ name: "code", label: t("manage.code"), keyboard: "code", maxlength: 20 }),
    textField({
      name: "phone",
      label: t("booking.phone"),
      keyboard: "numeric",
      type: "tel",
      maxlength: 20,
    }),
    h("div", { class: "form-error" }),
    submitButton(t("manage.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(box);
    const owner = { code: fieldValue(form, "code") || "", phone: fieldValue(form, "phone") || "" };
    const booked = await busy(form, () =>
      api("appointments/lookup", { method: "POST", body: owner }),
    );
    if (booked) {
      owner.code = booked.code;
      owner.booked = booked;
      bookingView(ctx, owner, box);
    }
  });
  return h(
    "section",
    { class: "screen appointment" },
    h("h1", { text: t("manage.title") }),
    h("p", { class: "lead", text: t("manage.lead") }),
    form,
    box,
  );
}
