// Analytics ("Thống kê", supervisors): questions, procedures, unanswered questions (add an
// alias or a draft entry from there), drafts waiting to be published (citizens see a draft
// only once published), satisfaction per Decision 766, bookings, queue waits against 15
// minutes, 14-day demand forecast; for admins, a citizen's data by phone.
import { formatDate, formatTime, h, replace } from "/static/js/dom.js";
import { barChart, COLORS, hbars, lineChart } from "./charts.js";
import { errorNotice, table } from "./ui.js";

const pct = (v) => (v === null || v === undefined ? "—" : `${(100 * v).toFixed(1).replace(".", ",")}%`);
const num = (v) => (v === null || v === undefined ? "—" : String(v).replace(".", ","));

function stat(value, label, attrs = {}) {
  return h("div", { class: "stat", ...attrs }, h("strong", {}, value), label);
}

function days(list) {
  return list.map((d) => d.day);
}

function questionsSection(summary) {
  const channels = Object.keys(summary.questions[0]?.counts || {});
  const total = summary.questions.reduce((a, d) => a + Object.values(d.counts).reduce((x, y) => x + y, 0), 0);
  return [
    h("h2", {}, "Câu hỏi của người dân"),
    h(
      "div",
      { class: "stats card" },
      stat(total, "câu hỏi (trò chuyện và tra cứu)", { "data-testid": "questions-total" }),
      stat(summary.unanswered_total, "câu chưa trả lời được"),
    ),
    barChart({
      title: "Số câu hỏi mỗi ngày theo kênh",
      labels: days(summary.questions),
      series: channels.map((c) => ({ name: c, values: summary.questions.map((d) => d.counts[c]) })),
    }),
    h("h2", {}, "Thủ tục được hỏi nhiều nhất"),
    summary.top_procedures.length
      ? hbars({
          title: "Thủ tục được hỏi nhiều nhất",
          items: summary.top_procedures.map((p) => ({ label: p.name, value: p.count })),
        })
      : h("p", { class: "hint" }, "Chưa có câu hỏi nào được trả lời bằng một thủ tục."),
  ];
}

/** One kind of ratings: its share satisfied, with the target tag when `target` is given. */
function ratingStat(part, label, testid, target = null) {
  const meets = part.rate !== null && target !== null && part.rate >= target;
  return stat(
    pct(part.rate),
    [
      `${label} (${part.total} đánh giá) `,
      target === null || part.rate === null
        ? null
        : h("span", { class: `tag ${meets ? "ok" : "overdue"}` }, meets ? "đạt" : "chưa đạt"),
    ],
    { "data-testid": testid },
  );
}

function satisfactionSection(summary) {
  const sat = summary.satisfaction;
  const levels = Object.keys(sat.counts);
  const colors = { "rất hài lòng": COLORS[1], "hài lòng": COLORS[0], "không hài lòng": COLORS[3] };
  return [
    h("h2", {}, "Mức độ hài lòng (Quyết định 766/QĐ-TTg)"),
    h(
      "div",
      { class: "stats card", "data-testid": "satisfaction" },
      ratingStat(
        sat.served,
        `hài lòng trở lên, đánh giá gắn lượt phục vụ (chỉ tiêu ${pct(sat.target)})`,
        "satisfaction-served",
        sat.target,
      ),
      ratingStat(sat.anonymous, "hài lòng trở lên, đánh giá ẩn danh (báo riêng)", "satisfaction-anonymous"),
      ratingStat(sat, "hài lòng trở lên, tất cả đánh giá", "satisfaction-all"),
      levels.map((level) => stat(sat.counts[level], level)),
    ),
    h("p", { class: "hint", "data-testid": "satisfaction-note" }, summary.satisfaction_note),
    barChart({
      title: "Đánh giá mỗi ngày theo mức độ",
      labels: days(sat.by_day),
      series: levels.map((level) => ({ name: level, color: colors[level], values: sat.by_day.map((d) => d.counts[level]) })),
    }),
  ];
}

function bookingsSection(summary) {
  const b = summary.bookings;
  return [
    h("h2", {}, "Lịch hẹn và vắng mặt"),
    h(
      "div",
      { class: "stats card" },
      stat(b.booked, "lịch hẹn (không tính đã hủy)"),
      stat(b.no_shows, "vắng mặt"),
      stat(pct(b.no_show_rate), "tỷ lệ vắng mặt trên lịch đã qua"),
    ),
    barChart({
      title: "Lịch hẹn mỗi ngày",
      labels: days(b.by_day),
      series: [
        { name: "đã đến", color: COLORS[1], values: b.by_day.map((d) => d.counts.checked_in) },
        { name: "vắng mặt", color: COLORS[3], values: b.by_day.map((d) => d.counts.no_show) },
        {
          name: "chưa đến giờ/chưa ghi nhận",
          color: "#9fb3cc",
          values: b.by_day.map((d) => d.counts.booked - d.counts.checked_in - d.counts.no_show),
        },
      ],
    }),
  ];
}

function waitsSection(summary) {
  const w = summary.waits;
  return [
    h("h2", {}, `Thời gian chờ gọi số (mục tiêu ${w.target_minutes} phút)`),
    h(
      "div",
      { class: "stats card", "data-testid": "waits" },
      stat(pct(w.share), `số được gọi trong ${w.target_minutes} phút`),
      stat(`${num(w.p50)} phút`, "trung vị (p50)"),
      stat(`${num(w.p90)} phút`, "p90"),
      stat(w.tickets, "số đã xét"),
    ),
    lineChart({
      title: "Thời gian chờ mỗi ngày (phút)",
      labels: days(w.by_day),
      series: [
        { name: "p50", values: w.by_day.map((d) => d.p50) },
        { name: "p90", color: COLORS[2], values: w.by_day.map((d) => d.p90) },
      ],
      target: w.target_minutes,
      targetLabel: `${w.target_minutes} phút`,
    }),
  ];
}

function backtestText(bt) {
  if (!bt) return "Chưa đủ lịch sử để kiểm định (cần ít nhất 6 tuần).";
  const mape = (e) => (e.mape === null ? "" : `, MAPE ${pct(e.mape)}`);
  const skill = bt.skill === null ? "" : ` · tốt hơn ${pct(bt.skill)} theo MAE`;
  return (
    `Kiểm định lùi ${bt.origins} mốc × ${bt.horizon} ngày (${bt.days} ngày làm việc): ` +
    `Holt-Winters MAE ${num(bt.model.mae)} lượt/ngày${mape(bt.model)}; ` +
    `dự báo lặp tuần trước MAE ${num(bt.baseline.mae)}${mape(bt.baseline)}${skill}.`
  );
}

function forecastSection(result) {
  if (!result.fields.length) {
    return [h("h2", {}, "Dự báo nhu cầu 14 ngày"), h("p", { class: "hint" }, "Chưa có lịch sử số thứ tự.")];
  }
  const METHOD = { "holt-winters": "Holt-Winters, mùa vụ theo tuần", "seasonal-naive": "lặp lại tuần trước", none: "chưa đủ dữ liệu" };
  return [
    h("h2", {}, "Dự báo nhu cầu 14 ngày theo lĩnh vực"),
    h(
      "p",
      { class: "hint" },
      `Lượt lấy số thứ tự mỗi ngày; lịch sử ${result.history_days} ngày. Ngày nghỉ (Chủ nhật, lễ) dự báo bằng 0.`,
    ),
    result.fields.map((f) => {
      const labels = [...f.history.map(([d]) => d), ...f.forecast.map(([d]) => d)];
      const pad = (n) => Array(n).fill(null);
      return h(
        "div",
        { class: "card", "data-testid": "forecast-field" },
        h("h3", {}, `${f.field} · ${METHOD[f.method] || f.method}`),
        lineChart({
          title: `Nhu cầu ${f.field}`,
          labels,
          height: 180,
          series: [
            { name: "thực tế", values: [...f.history.map(([, v]) => v), ...pad(f.forecast.length)] },
            { name: "dự báo", color: COLORS[2], dashed: true, values: [...pad(f.history.length), ...f.forecast.map(([, v]) => v)] },
          ],
        }),
        h("p", { class: "hint", "data-testid": "backtest" }, backtestText(f.backtest)),
      );
    }),
  ];
}

function draftForm(ctx, question, onDone) {
  const fields = [
    ["name", "Tên thủ tục", ""],
    ["field", "Lĩnh vực", ""],
    ["agency", "Cơ quan thực hiện", ""],
    ["submit_at", "Nơi nộp hồ sơ", "Bộ phận Một cửa"],
    ["processing_time", "Thời hạn giải quyết", ""],
    ["fee", "Phí, lệ phí", ""],
    ["result", "Kết quả", ""],
    ["legal_basis", "Căn cứ pháp lý", ""],
    ["source", "Nguồn thông tin", ""],
  ];
  const inputs = Object.fromEntries(fields.map(([id, , value]) => [id, h("input", { type: "text", id: `draft-${id}`, value })]));
  const level = h("select", { id: "draft-level" }, ["xã", "tỉnh", "trung ương"].map((v) => h("option", { value: v }, v)));
  const dossier = h("textarea", { id: "draft-dossier", rows: 3 });
  const steps = h("textarea", { id: "draft-steps", rows: 3 });
  const error = h("div", {});
  const lines = (el) => el.value.split("\n").map((x) => x.trim()).filter(Boolean);
  const form = h(
    "form",
    { class: "card", "data-testid": "draft-form" },
    h("h3", {}, "Tạo mục nháp trong danh mục"),
    h("p", { class: "hint" }, "Mọi thông tin được đánh dấu «chưa đối chiếu» cho đến khi kiểm tra với văn bản."),
    error,
    fields.map(([id, label]) => [h("label", { for: `draft-${id}` }, label), inputs[id]]),
    h("label", { for: "draft-level" }, "Cấp thực hiện"),
    level,
    h("label", { for: "draft-dossier" }, "Thành phần hồ sơ (mỗi dòng một giấy tờ)"),
    dossier,
    h("label", { for: "draft-steps" }, "Các bước (mỗi dòng một bước)"),
    steps,
    h("p", {}, h("button", { type: "submit" }, "Tạo mục nháp")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
    Object.assign(body, { level: level.value, dossier: lines(dossier), steps: lines(steps), aliases: [question] });
    try {
      const made = await ctx.api("analytics/drafts", { method: "POST", body });
      ctx.toast(`Đã tạo mục nháp ${made.procedure_id}.`);
      onDone();
    } catch (e) {
      replace(error, errorNotice(e));
    }
  });
  return form;
}

function unansweredRow(ctx, item, reload, formSlot) {
  const choice = h(
    "select",
    { "aria-label": "Thủ tục nhận bí danh" },
    item.suggestions.map((s) => h("option", { value: s.id }, `${s.name} (${s.field})`)),
  );
  const add = h("button", { type: "button" }, "Thêm bí danh");
  add.addEventListener("click", async () => {
    add.disabled = true;
    try {
      await ctx.api("analytics/aliases", { method: "POST", body: { procedure_id: choice.value, alias: item.group.text } });
      ctx.toast("Đã thêm bí danh; chỉ mục đã cập nhật.");
      reload();
    } catch (e) {
      ctx.toast(e.message, "error");
      add.disabled = false;
    }
  });
  const draft = h("button", { type: "button", class: "secondary" }, "Tạo mục nháp");
  draft.addEventListener("click", () => replace(formSlot, draftForm(ctx, item.group.text, reload)));
  return {
    attrs: { "data-testid": "unanswered" },
    cells: [
      item.group.text,
      String(item.group.count),
      `${formatTime(item.group.last_asked)} ${formatDate(item.group.last_asked)}`,
      item.answered_now
        ? h("span", { class: "tag ok" }, "đã trả lời được")
        : [item.suggestions.length ? [choice, " ", add] : null, " ", draft],
    ],
  };
}

async function unansweredSection(ctx, span, slot, onEdit) {
  const formSlot = h("div", {});
  const reload = () => {
    unansweredSection(ctx, span, slot, onEdit);
    onEdit();
  };
  const items = await ctx.api("analytics/unanswered", { query: span });
  replace(
    slot,
    h("h2", {}, "Câu hỏi trợ lý chưa trả lời được"),
    h("p", { class: "hint" }, "Đã che số điện thoại, số căn cước, thư điện tử và tên người."),
    items.length
      ? table(["Câu hỏi", "Số lần", "Lần gần nhất", "Xử lý"], items.map((item) => unansweredRow(ctx, item, reload, formSlot)))
      : h("p", { class: "hint" }, "Không có câu hỏi nào chưa trả lời được."),
    formSlot,
  );
}

function draftRow(ctx, draft, reload) {
  const publish = h("button", { type: "button" }, "Công bố");
  publish.addEventListener("click", async () => {
    if (!window.confirm(`Công bố «${draft.name}» cho người dân? Các thông tin vẫn ghi «chưa đối chiếu».`)) return;
    publish.disabled = true;
    try {
      await ctx.api(`analytics/drafts/${encodeURIComponent(draft.id)}/publish`, { method: "POST" });
      ctx.toast(`Đã công bố ${draft.id}.`);
      reload();
    } catch (e) {
      ctx.toast(e.message, "error");
      publish.disabled = false;
    }
  });
  return { attrs: { "data-testid": "draft" }, cells: [draft.name, draft.field, draft.verified.note || "", publish] };
}

async function draftsSection(ctx, slot) {
  const reload = () => draftsSection(ctx, slot);
  const drafts = await ctx.api("analytics/drafts");
  replace(
    slot,
    h("h2", {}, "Mục nháp chờ công bố"),
    h("p", { class: "hint" }, "Chỉ cán bộ thấy mục nháp (tra cứu tại bàn làm việc); người dân thấy sau khi công bố."),
    drafts.length
      ? table(["Thủ tục", "Lĩnh vực", "Ghi chú", "Xử lý"], drafts.map((draft) => draftRow(ctx, draft, reload)))
      : h("p", { class: "hint" }, "Không có mục nháp nào chờ công bố."),
  );
}

function download(name, data) {
  const link = h("a", { href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

async function privacySection(ctx, slot) {
  const phone = h("input", { type: "text", id: "privacy-phone", inputmode: "tel", autocomplete: "off" });
  const result = h("div", {});
  const audit = h("div", {});
  const showAudit = async () => {
    const rows = await ctx.api("privacy/audit");
    replace(
      audit,
      rows.length
        ? table(
            ["Thời điểm", "Việc", "Số điện thoại", "Cán bộ", "Số bản ghi"],
            rows.map((a) => [
              `${formatTime(a.created_at)} ${formatDate(a.created_at)}`,
              a.action === "delete" ? "xóa" : "xuất",
              a.subject,
              a.actor,
              Object.values(a.counts).reduce((x, y) => x + y, 0),
            ]),
          )
        : h("p", { class: "hint" }, "Chưa có yêu cầu nào."),
    );
  };
  const run = async (action) => {
    try {
      if (action === "export") {
        const data = await ctx.api("privacy/export", { method: "POST", body: { phone: phone.value } });
        download(`du-lieu-ca-nhan-${data.exported_at.slice(0, 10)}.json`, data);
        ctx.toast("Đã xuất dữ liệu.");
      } else {
        if (!window.confirm("Xóa vĩnh viễn mọi dữ liệu gắn với số điện thoại này?")) return;
        const counts = await ctx.api("privacy/delete", { method: "POST", body: { phone: phone.value, confirm: true } });
        replace(result, h("p", { class: "notice ok" }, `Đã xóa ${Object.values(counts).reduce((x, y) => x + y, 0)} bản ghi.`));
      }
      showAudit();
    } catch (e) {
      replace(result, errorNotice(e));
    }
  };
  replace(
    slot,
    h("h2", {}, "Yêu cầu về dữ liệu cá nhân"),
    h(
      "div",
      { class: "card" },
      h("p", { class: "hint" }, "Lịch hẹn, phản ánh, góp ý, hội thoại và liên kết Telegram/Zalo gắn với số điện thoại."),
      h("label", { for: "privacy-phone" }, "Số điện thoại của công dân"),
      phone,
      h(
        "p",
        {},
        h("button", { type: "button", onclick: () => run("export") }, "Xuất dữ liệu (JSON)"),
        " ",
        h("button", { type: "button", class: "danger", onclick: () => run("delete") }, "Xóa dữ liệu"),
      ),
      result,
    ),
    h("h3", {}, "Nhật ký"),
    audit,
  );
  await showAudit();
}

export async function render(root, ctx) {
  const range = h(
    "select",
    { id: "analytics-range", "aria-label": "Khoảng thời gian" },
    [7, 30, 90].map((n) => h("option", { value: n, selected: n === 30 }, `${n} ngày gần nhất`)),
  );
  const body = h("div", {});
  const load = async () => {
    replace(body, h("p", { class: "hint" }, "Đang tải…"));
    const span = { days: range.value }; // ending today at the desk (the server's clock)
    try {
      const [summary, forecast] = await Promise.all([
        ctx.api("analytics/summary", { query: span }),
        ctx.api("analytics/forecast"),
      ]);
      const unanswered = h("div", { "data-testid": "unanswered-section" });
      const drafts = h("div", { "data-testid": "drafts-section" });
      const privacy = h("div", { "data-testid": "privacy-section" });
      replace(
        body,
        questionsSection(summary),
        unanswered,
        drafts,
        satisfactionSection(summary),
        bookingsSection(summary),
        waitsSection(summary),
        forecastSection(forecast),
        ctx.user.role === "admin" ? privacy : null,
      );
      await unansweredSection(ctx, span, unanswered, () => draftsSection(ctx, drafts));
      await draftsSection(ctx, drafts);
      if (ctx.user.role === "admin") await privacySection(ctx, privacy);
    } catch (e) {
      replace(body, errorNotice(e));
    }
  };
  range.addEventListener("change", load);
  replace(root, h("h1", {}, "Thống kê"), h("p", {}, range), body);
  await load();
}
