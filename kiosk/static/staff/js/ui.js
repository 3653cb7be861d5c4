// Pieces shared by the console's pages.
import { formatDate, h } from "/static/js/dom.js";

/** A deadline tag and the row class: overdue (red), due tomorrow (amber). */
export function deadlineTag(deadline, { tomorrowText = "Hạn ngày mai" } = {}) {
  if (!deadline || deadline.due_on === null) return { cls: "", tag: null };
  if (deadline.overdue) {
    const days = -deadline.days_left;
    return { cls: "overdue", tag: h("span", { class: "tag overdue" }, `Quá hạn ${days} ngày`) };
  }
  if (deadline.due_tomorrow) {
    return { cls: "due-tomorrow", tag: h("span", { class: "tag due-tomorrow" }, tomorrowText) };
  }
  if (deadline.days_left === 0) {
    return { cls: "due-tomorrow", tag: h("span", { class: "tag due-tomorrow" }, "Hạn hôm nay") };
  }
  return { cls: "", tag: null };
}

/** "24/11/2026" or an empty string. */
export function day(text) {
  return text ? formatDate(text) : "";
}

/** A table with a header row; `rows` are arrays of cells or {cells, attrs}. */
export function table(headers, rows, attrs = {}) {
  return h(
    "table",
    attrs,
    h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
    h(
      "tbody",
      {},
      rows.map((row) => {
        const { cells, attrs: rowAttrs } = Array.isArray(row) ? { cells: row, attrs: {} } : row;
        return h("tr", rowAttrs, cells.map((cell) => h("td", {}, cell)));
      }),
    ),
  );
}

/** Text with the pieces the server marked as matching the question in <mark>; words it
 * repaired from a garbled scan are underlined, with what the scan said as their title. */
export function highlighted(segments) {
  return segments.map((s) => {
    const text = s.ocr
      ? h("span", { class: "ocr-fixed", title: `Bản quét: ${s.ocr}`, "data-ocr": s.ocr }, s.text)
      : s.text;
    return s.mark ? h("mark", {}, text) : text;
  });
}

/** An error notice for a failed call. */
export function errorNotice(error) {
  const rows = error.body?.rows || [];
  return h(
    "div",
    { class: "notice error", role: "alert" },
    h("p", {}, error.message),
    rows.length
      ? h(
          "ul",
          {},
          rows.map((r) => h("li", {}, `Dòng ${r.row ?? "?"}${r.column ? `, cột ${r.column}` : ""}: ${r.message}`)),
        )
      : null,
  );
}
