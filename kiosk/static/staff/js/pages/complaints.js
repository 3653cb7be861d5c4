// Complaints (phản ánh, kiến nghị): answer within 10 days; overdue and due tomorrow first.
import { h, replace } from "/static/js/dom.js";
import { day, deadlineTag, errorNotice } from "../ui.js";

const ANSWERED = "đã trả lời";

function card(api, toast, c, reload) {
  const { cls, tag } = deadlineTag(c.deadline);
  const id = `ans-${c.code}`;
  const answer = h("textarea", { id, name: "answer", maxlength: 4000 }, c.answer || "");
  const form = h(
    "form",
    { class: "answer-form" },
    h("label", { for: id }, "Trả lời"),
    answer,
    h(
      "p",
      { class: "row" },
      h("button", { type: "submit" }, "Gửi trả lời"),
      c.status === "mới"
        ? h("button", { type: "button", class: "secondary", onclick: () => move("đang xử lý") }, "Đánh dấu đang xử lý")
        : null,
    ),
  );
  async function move(status, text) {
    try {
      await api(`complaints/${encodeURIComponent(c.code)}/status`, {
        method: "POST",
        body: text === undefined ? { status } : { status, answer: text },
      });
      toast(`Phản ánh ${c.code}: ${status}.`);
      reload();
    } catch (e) {
      toast(e.message, "error");
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    move(ANSWERED, answer.value);
  });
  const contact = [c.contact_name, c.contact_phone].filter(Boolean).join(" · ");
  return h(
    "article",
    { class: `card ${cls}`, "data-code": c.code, "data-testid": "complaint" },
    h(
      "div",
      { class: "row" },
      h("strong", {}, c.code),
      h("span", { class: "tag muted", "data-testid": "status" }, c.status),
      tag,
      h("span", { class: "muted" }, `Nhận ${day(c.created_at)} · hạn trả lời ${day(c.deadline.due_on)}`),
    ),
    h("p", { class: "passage" }, c.content),
    contact ? h("p", { class: "muted" }, `Liên hệ: ${contact}`) : null,
    c.status === ANSWERED ? h("p", { class: "notice ok" }, `Đã trả lời: ${c.answer}`) : form,
  );
}

export async function render(root, { api, toast }) {
  const all = h("input", { type: "checkbox", id: "show-answered" });
  const list = h("div", { "data-testid": "complaints" });
  async function load() {
    try {
      const rows = await api("staff/complaints", { query: { open: all.checked ? "false" : "true" } });
      replace(
        list,
        rows.length ? rows.map((c) => card(api, toast, c, load)) : h("p", { class: "hint" }, "Không có phản ánh nào cần trả lời."),
      );
    } catch (e) {
      replace(list, errorNotice(e));
    }
  }
  all.addEventListener("change", load);
  replace(
    root,
    h("h1", {}, "Phản ánh, kiến nghị"),
    h("p", { class: "hint" }, "Trả lời trong 10 ngày. Đỏ: quá hạn; vàng: hạn ngày mai hoặc hôm nay."),
    h("p", {}, all, " ", h("label", { for: "show-answered", class: "inline" }, "Hiện cả phản ánh đã trả lời")),
    list,
  );
  await load();
}
