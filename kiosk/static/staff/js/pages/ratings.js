// Ratings: counts per satisfaction level and the latest comments.
import { formatDate, formatTime, h, replace } from "/static/js/dom.js";
import { table } from "../ui.js";

export async function render(root, { api }) {
  const [summary, rows] = await Promise.all([api("ratings/summary"), api("staff/ratings")]);
  const total = Object.values(summary).reduce((a, b) => a + b, 0);
  const satisfied = (summary["rất hài lòng"] || 0) + (summary["hài lòng"] || 0);
  replace(
    root,
    h("h1", {}, "Đánh giá mức độ hài lòng"),
    h(
      "div",
      { class: "stats card", "data-testid": "rating-summary" },
      Object.entries(summary).map(([level, count]) => h("div", { class: "stat" }, h("strong", {}, count), level)),
      h("div", { class: "stat" }, h("strong", {}, total ? `${Math.round((100 * satisfied) / total)}%` : "—"), "hài lòng trở lên"),
    ),
    h("h2", {}, "Đánh giá gần đây"),
    rows.length
      ? table(
          ["Thời điểm", "Mức độ", "Góp ý", "Quầy", "Thủ tục"],
          rows.map((r) => [
            `${formatTime(r.created_at)} ${formatDate(r.created_at)}`,
            r.score,
            r.comment || "",
            r.counter_id || "",
            r.procedure_id || "",
          ]),
          { "data-testid": "ratings" },
        )
      : h("p", { class: "hint" }, "Chưa có đánh giá nào."),
  );
}
