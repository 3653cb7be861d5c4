// FAQ lookup: procedures from the catalog, plan passages with file:line, task-table answers.
import { h, replace } from "/static/js/dom.js";
import { errorNotice, highlighted, table } from "../ui.js";

function procedures(result) {
  if (!result.hits.length || result.abstain) {
    return h("p", { class: "hint" }, "Danh mục không có thủ tục khớp rõ với câu hỏi.");
  }
  return h(
    "ol",
    {},
    result.hits.map((hit) =>
      h(
        "li",
        {},
        h("strong", {}, hit.name),
        " ",
        h("span", { class: "muted" }, `· ${hit.field} · mã ${hit.id}`),
      ),
    ),
  );
}

function passages(answer) {
  if (!answer.passages.length) {
    return h("p", { class: "hint" }, "Không có đoạn văn bản kế hoạch nào khớp.");
  }
  return answer.passages.map((p) =>
    h(
      "article",
      { class: "card", "data-testid": "passage" },
      h(
        "div",
        { class: "row" },
        p.document ? h("strong", { "data-testid": "document" }, p.document.label) : null,
        h("span", { class: "citation", "data-testid": "citation" }, p.citation),
      ),
      p.heading ? h("div", { class: "muted" }, p.heading) : null,
      h("p", { class: "passage" }, highlighted(p.segments)),
    ),
  );
}

function tasks(answer) {
  if (!answer.tasks.length) {
    return h("p", { class: "hint" }, "Không có nhiệm vụ nào trong bảng phân công khớp với câu hỏi.");
  }
  return table(
    ["Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Sản phẩm", "Nguồn"],
    answer.tasks.map((t) => ({
      attrs: { "data-testid": "task" },
      cells: [
        highlighted(t.content),
        t.lead,
        t.cooperate || "—",
        t.deadline || "—",
        t.product || "—",
        h(
          "span",
          {},
          t.document ? h("span", { "data-testid": "task-document" }, `${t.document.label} · `) : null,
          h("span", { class: "citation" }, t.citation),
        ),
      ],
    })),
  );
}

export function render(root, { api }) {
  const input = h("input", {
    type: "search",
    id: "faq-q",
    name: "q",
    maxlength: 200,
    placeholder: "Ví dụ: ai chủ trì số hóa hồ sơ? hồ sơ đăng ký khai sinh gồm gì?",
  });
  const results = h("div", { "data-testid": "faq-results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "row" },
    h("div", { class: "grow" }, h("label", { for: "faq-q" }, "Câu hỏi"), input),
    h("button", { type: "submit" }, "Tra cứu"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    replace(results, h("p", { class: "hint" }, "Đang tra cứu…"));
    try {
      const answer = await api("staff/faq", { query: { q } });
      replace(
        results,
        h("h2", {}, "Thủ tục hành chính"),
        procedures(answer.procedures),
        h("h2", {}, "Phân công trong kế hoạch (ai chủ trì, phối hợp, thời hạn, sản phẩm)"),
        tasks(answer),
        h("h2", {}, "Trích văn bản kế hoạch"),
        passages(answer),
      );
    } catch (e) {
      replace(results, errorNotice(e));
    }
  });
  replace(root, h("h1", {}, "Tra cứu thủ tục và văn bản kế hoạch"), form, results);
  input.focus();
}
