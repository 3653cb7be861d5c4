// The day's appointments: check-in on arrival, no-show once the slot has begun.
import { formatTime, h, replace } from "/static/js/dom.js";
import { errorNotice, table } from "../ui.js";

const BOOKED = "đã đặt";

export function render(root, { api, toast }) {
  const date = h("input", { type: "date", id: "appt-day", name: "day" });
  const list = h("div", { "data-testid": "appointments" });

  async function act(code, action, label) {
    try {
      await api(`staff/appointments/${encodeURIComponent(code)}/${action}`, { method: "POST" });
      toast(`${code}: ${label}.`);
    } catch (e) {
      toast(e.message, "error");
    }
    load();
  }

  async function load() {
    try {
      const query = date.value ? { day: date.value } : undefined;
      const rows = await api("staff/appointments", { query });
      if (!rows.length) {
        replace(list, h("p", { class: "hint" }, "Không có lịch hẹn nào trong ngày."));
        return;
      }
      replace(
        list,
        table(
          ["Giờ", "Mã", "Người hẹn", "Điện thoại", "Lĩnh vực", "Ưu tiên", "Trạng thái", ""],
          rows.map((a) => ({
            attrs: { "data-code": a.code },
            cells: [
              formatTime(a.starts_at),
              a.code,
              a.name,
              a.phone || "",
              a.field,
              a.priority === "không" ? "" : a.priority,
              h("span", { "data-testid": "status" }, a.status),
              a.status === BOOKED
                ? [
                    h("button", { type: "button", onclick: () => act(a.code, "check-in", "đã đến") }, "Đã đến"),
                    " ",
                    h("button", { type: "button", class: "danger", onclick: () => act(a.code, "no-show", "vắng mặt") }, "Vắng mặt"),
                  ]
                : "",
            ],
          })),
        ),
      );
    } catch (e) {
      replace(list, errorNotice(e));
    }
  }

  date.addEventListener("change", load);
  replace(
    root,
    h("h1", {}, "Lịch hẹn"),
    h("div", { class: "row" }, h("div", {}, h("label", { for: "appt-day" }, "Ngày (để trống: hôm nay)"), date)),
    h("h2", {}, "Danh sách"),
    list,
  );
  load();
}
