// "Đối chiếu danh mục" (supervisors): where a curated entry and the official record of its
// code disagree on a fact the curated entry marks verified, newest first, with the official
// page. A supervisor accepts the official value or keeps the curated one; the decision is
// recorded with who and when, and the kiosk answers with it at once.
import { formatDate, formatTime, h, replace } from "/static/js/dom.js";
import { errorNotice } from "../ui.js";

const FIELDS = {
  code: "Mã thủ tục",
  level: "Cấp thực hiện",
  agency: "Cơ quan thực hiện",
  dossier: "Thành phần hồ sơ",
  processing_time: "Thời hạn giải quyết",
  fees: "Phí, lệ phí",
};
const CHOICES = {
  official: "Đã lấy theo CSDL quốc gia",
  curated: "Đã giữ danh mục đã biên soạn",
};

const when = (text) => `${formatTime(text)} ${formatDate(text)}`;

function decision(d) {
  if (!d.decision) return null;
  return h(
    "p",
    { class: "notice ok", "data-testid": "decision" },
    `${CHOICES[d.decision.choice]} — ${d.decision.by}, ${when(d.decision.at)}`,
  );
}

function values(d) {
  return h(
    "div",
    { class: "audit-values" },
    h("div", {}, h("h3", {}, "Danh mục đã biên soạn (đã kiểm chứng)"), h("p", { class: "passage", "data-testid": "curated" }, d.curated)),
    h("div", {}, h("h3", {}, "Cơ sở dữ liệu quốc gia"), h("p", { class: "passage", "data-testid": "official" }, d.official)),
  );
}

function card(d, decide) {
  const buttons = d.decision
    ? null
    : h(
        "p",
        { class: "row" },
        h("button", { type: "button", "data-choice": "official", onclick: () => decide(d, "official") }, "Lấy theo CSDL quốc gia"),
        h("button", { type: "button", class: "secondary", "data-choice": "curated", onclick: () => decide(d, "curated") }, "Giữ danh mục"),
      );
  return h(
    "article",
    { class: "card", "data-id": d.id, "data-testid": "difference" },
    h(
      "div",
      { class: "row" },
      h("strong", {}, d.name),
      h("span", { class: "tag muted", "data-testid": "field" }, FIELDS[d.field] || d.field),
      h("span", { class: "muted" }, `${d.procedure_id} · mã ${d.code} · phát hiện ${when(d.found_at)}`),
    ),
    values(d),
    d.official_url
      ? h("p", {}, h("a", { href: d.official_url, target: "_blank", rel: "noopener noreferrer", "data-testid": "official-link" }, "Trang thủ tục trên Cổng Dịch vụ công quốc gia"))
      : null,
    d.resolved_at ? h("p", { class: "muted" }, `Không còn khác biệt từ ${when(d.resolved_at)}.`) : null,
    decision(d),
    buttons,
  );
}

export async function render(root, { api, toast }) {
  const all = h("input", { type: "checkbox", id: "show-resolved" });
  const list = h("div", { "data-testid": "differences" });
  async function decide(d, choice) {
    for (const button of list.querySelectorAll(`[data-id="${CSS.escape(d.id)}"] button`)) button.disabled = true;
    try {
      const done = await api(`catalog-audit/differences/${encodeURIComponent(d.id)}/decision`, {
        method: "POST",
        body: { choice },
      });
      toast(`${d.procedure_id}: ${CHOICES[done.difference.decision.choice].toLowerCase()}.`);
    } catch (e) {
      toast(e.message, "error");
    }
    await load();
  }
  async function load() {
    try {
      const rows = await api("catalog-audit/differences", { query: { resolved: all.checked ? "true" : "false" } });
      replace(
        list,
        rows.length ? rows.map((d) => card(d, decide)) : h("p", { class: "hint" }, "Không có khác biệt nào cần quyết định."),
      );
    } catch (e) {
      replace(list, errorNotice(e));
    }
  }
  all.addEventListener("change", load);
  replace(
    root,
    h("h1", {}, "Đối chiếu danh mục"),
    h(
      "p",
      { class: "hint" },
      "Những chỗ danh mục đã biên soạn (đã đối chiếu văn bản) khác Cơ sở dữ liệu quốc gia về TTHC, mới nhất trước. Chưa quyết định thì ki-ốt vẫn trả lời theo danh mục.",
    ),
    h("p", {}, all, " ", h("label", { for: "show-resolved", class: "inline" }, "Hiện cả khác biệt đã hết")),
    list,
  );
  await load();
}
