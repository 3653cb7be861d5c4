// Queue calling by counter: next ticket, finish; the display (/display) shows the call.
import { h, replace } from "/static/js/dom.js";
import { errorNotice } from "../ui.js";

const COUNTER_KEY = "motcua.staff.counter";

export async function render(root, { api, toast }) {
  const desk = await api("desk");
  const select = h(
    "select",
    { id: "counter", name: "counter" },
    desk.counters.map((c) => h("option", { value: c.id }, `${c.name} (${c.fields.join(", ")})`)),
  );
  const saved = localStorage.getItem(COUNTER_KEY);
  if (saved && desk.counters.some((c) => c.id === saved)) select.value = saved;
  const serving = h("div", { class: "serving", "data-testid": "serving" }, "—");
  const note = h("p", { class: "hint", "data-testid": "call-note" });
  const waiting = h("div", { "data-testid": "waiting" });

  async function refresh() {
    try {
      const board = await api("queue/board");
      const mine = board.counters.find((c) => c.counter_id === select.value);
      serving.textContent = mine?.serving || "—";
      const counter = desk.counters.find((c) => c.id === select.value);
      replace(
        waiting,
        h(
          "ul",
          {},
          counter.fields.map((f) => h("li", {}, `${f}: ${board.waiting[f] || 0} người đang chờ`)),
        ),
      );
    } catch (e) {
      replace(waiting, errorNotice(e));
    }
  }

  async function call(action) {
    try {
      const result = await api(`queue/counters/${encodeURIComponent(select.value)}/${action}`, {
        method: "POST",
      });
      const done = result.finished ? `Đã xong ${result.finished.label}. ` : "";
      if (result.called) {
        note.textContent = `${done}Mời số ${result.called.label} (${result.called.field}).`;
      } else {
        note.textContent = action === "next" ? `${done}Không còn ai chờ ở quầy này.` : done;
      }
    } catch (e) {
      toast(e.message, "error");
    }
    refresh();
  }

  select.addEventListener("change", () => {
    localStorage.setItem(COUNTER_KEY, select.value);
    note.textContent = "";
    refresh();
  });
  replace(
    root,
    h("h1", {}, "Gọi số thứ tự"),
    h("div", { class: "row" }, h("div", {}, h("label", { for: "counter" }, "Quầy"), select)),
    h(
      "div",
      { class: "card" },
      h("div", { class: "muted" }, "Đang phục vụ"),
      serving,
      note,
      h(
        "p",
        { class: "row" },
        h("button", { type: "button", class: "big", onclick: () => call("next") }, "Gọi số tiếp theo"),
        h("button", { type: "button", class: "secondary", onclick: () => call("finish") }, "Xong, chưa gọi tiếp"),
      ),
      h("p", { class: "hint" }, "Màn hình phòng chờ: ", h("a", { href: "/display", target: "_blank" }, "/display")),
    ),
    h("h2", {}, "Người đang chờ"),
    waiting,
  );
  await refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
