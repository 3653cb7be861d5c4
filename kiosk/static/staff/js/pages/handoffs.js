// "Gặp cán bộ": citizens' requests for a person, live (polled every 5 s). Open one to see the
// conversation so far, take it, answer (shown at the kiosk, sent to Telegram or Zalo), call
// the citizen to a counter, or close it. Outside opening hours a request may carry a
// call-back number the citizen left with consent.
import { formatDate, formatTime, h, replace } from "/static/js/dom.js";
import { errorNotice, table } from "../ui.js";

const POLL_MS = 5000;
const CHANNELS = { kiosk: "Kiosk", telegram: "Telegram", zalo: "Zalo", web: "Web" };
const ROLES = { citizen: "Công dân", assistant: "Trợ lý", staff: "Cán bộ" };
const DELIVERY = {
  pending: "đang gửi…",
  sent: "đã gửi tới công dân",
  failed: "chưa gửi được: bấm «Gửi trả lời» để gửi lại",
};

function moment(text) {
  return text ? `${formatTime(text)} ${formatDate(text)}` : "";
}

function deliveryTag(request) {
  if (!request.reply_delivery) return null;
  const cls = request.reply_delivery === "failed" ? "tag overdue" : "tag muted";
  const label = `${CHANNELS[request.channel] || request.channel}: ${DELIVERY[request.reply_delivery]}`;
  return h("span", { class: cls, "data-testid": "delivery" }, label);
}

function conversation(request) {
  if (!request.conversation.length) return h("p", { class: "hint" }, "Chưa có tin nhắn nào.");
  return h(
    "ol",
    { class: "conversation", "data-testid": "conversation" },
    request.conversation.map((said) =>
      h(
        "li",
        { class: `said said-${said.role}` },
        h("strong", {}, `${ROLES[said.role] || said.role}: `),
        said.text,
        said.at ? h("span", { class: "muted" }, ` · ${formatTime(said.at)}`) : null,
      ),
    ),
  );
}

function answerForm(api, toast, request, refresh) {
  const id = `answer-${request.code}`;
  const text = h("textarea", { id, name: "text", maxlength: 4000, "data-testid": "answer-text" });
  const form = h(
    "form",
    { class: "answer-form" },
    h("label", { for: id }, "Trả lời công dân"),
    text,
    h("p", { class: "row" }, h("button", { type: "submit", "data-testid": "send-answer" }, "Gửi trả lời")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`handoffs/${encodeURIComponent(request.code)}/answer`, {
        method: "POST",
        body: { text: text.value },
      });
      toast(`Đã gửi trả lời ${request.code}.`);
      text.value = ""; // sent: the next draft starts empty
      refresh();
    } catch (e) {
      toast(e.message, "error");
    }
  });
  return form;
}

function callForm(api, toast, request, desk, refresh) {
  const id = `counter-${request.code}`;
  const select = h(
    "select",
    { id, name: "counter", "data-testid": "call-counter" },
    desk.counters.map((c) => h("option", { value: c.id }, c.name)),
  );
  const form = h(
    "form",
    { class: "row" },
    h("div", {}, h("label", { for: id }, "Mời đến quầy"), select),
    h("button", { type: "submit", class: "secondary", "data-testid": "call" }, "Mời đến quầy"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`handoffs/${encodeURIComponent(request.code)}/call`, {
        method: "POST",
        body: { counter_id: select.value },
      });
      toast(`Đã mời công dân (${request.code}) đến quầy.`);
      refresh();
    } catch (e) {
      toast(e.message, "error");
    }
  });
  return form;
}

function actionButton(api, toast, request, action, label, refresh, testid) {
  return h(
    "button",
    {
      type: "button",
      class: action === "close" ? "secondary" : "",
      "data-testid": testid,
      onclick: async () => {
        try {
          await api(`handoffs/${encodeURIComponent(request.code)}/${action}`, { method: "POST" });
          toast(`${request.code}: ${label.toLowerCase()}.`);
          refresh();
        } catch (e) {
          toast(e.message, "error");
        }
      },
    },
    label,
  );
}

function detailView(ctx, desk, request, refresh) {
  const { api, toast } = ctx;
  return h(
    "article",
    { class: "card", "data-testid": "handoff-detail", "data-code": request.code },
    h(
      "div",
      { class: "row" },
      h("strong", {}, request.code),
      h("span", { class: "tag muted", "data-testid": "status" }, request.status),
      h("span", { class: "muted" }, `${CHANNELS[request.channel] || request.channel} · ${moment(request.created_at)}`),
      request.taken_by ? h("span", { class: "muted" }, `· ${request.taken_by} đang xử lý`) : null,
      deliveryTag(request),
    ),
    h("p", {}, request.reason),
    request.callback_phone
      ? h(
          "p",
          { class: "notice ok", "data-testid": "callback" },
          `Gọi lại cho công dân: ${request.callback_phone} (đồng ý lúc ${moment(request.callback_consent_at)})`,
        )
      : null,
    h("h2", {}, "Cuộc trò chuyện"),
    conversation(request),
    request.answer ? h("p", { class: "notice ok", "data-testid": "answered" }, `Đã trả lời: ${request.answer}`) : null,
    h(
      "p",
      { class: "row" },
      request.status === "đang chờ" ? actionButton(api, toast, request, "take", "Nhận xử lý", refresh, "take") : null,
      actionButton(api, toast, request, "close", "Đóng yêu cầu", refresh, "close"),
    ),
    answerForm(api, toast, request, refresh),
    callForm(api, toast, request, desk, refresh),
  );
}

export async function render(root, ctx) {
  const { api, toast } = ctx;
  const desk = await api("desk");
  const list = h("div", { "data-testid": "handoffs" });
  const detail = h("div", { "aria-live": "polite" });
  let selected = null;
  let shown = null;
  let known = null;

  /** Show a request; a poll redraws it only when something changed, keeping the draft. */
  async function openDetail(code) {
    const other = code !== selected;
    selected = code;
    try {
      const request = await api(`handoffs/${encodeURIComponent(code)}`);
      const state = JSON.stringify(request);
      if (!other && state === shown) return;
      const draft = other ? "" : detail.querySelector("textarea")?.value || "";
      const typing = document.activeElement?.tagName === "TEXTAREA";
      shown = state;
      replace(detail, detailView(ctx, desk, request, reload));
      const box = detail.querySelector("textarea");
      box.value = draft;
      if (typing || other) box.focus();
    } catch (e) {
      replace(detail, errorNotice(e));
    }
  }

  async function reload() {
    try {
      const rows = await api("handoffs");
      const codes = rows.map((r) => r.code);
      const fresh = known ? codes.filter((c) => !known.includes(c)) : [];
      if (fresh.length) toast(`Có yêu cầu mới: ${fresh.join(", ")}`);
      known = codes;
      replace(
        list,
        rows.length
          ? table(
              ["Mã", "Kênh", "Lúc", "Trạng thái", "Lý do", ""],
              rows.map((r) => ({
                attrs: { "data-code": r.code, "data-testid": "handoff-row" },
                cells: [
                  h("strong", {}, r.code),
                  CHANNELS[r.channel] || r.channel,
                  moment(r.created_at),
                  [r.status, r.callback_phone ? " · gọi lại" : "", r.answer ? " · đã trả lời" : ""].join(""),
                  r.reason,
                  h("button", { type: "button", class: "secondary", "data-testid": "open", onclick: () => openDetail(r.code) }, "Mở"),
                ],
              })),
            )
          : h("p", { class: "hint" }, "Không có yêu cầu nào đang chờ."),
      );
      if (selected) await openDetail(selected);
    } catch (e) {
      replace(list, errorNotice(e));
    }
  }

  replace(
    root,
    h("h1", {}, "Yêu cầu gặp cán bộ"),
    h("p", { class: "hint" }, "Danh sách tự cập nhật 5 giây một lần. Câu trả lời hiện trên kiosk và được gửi tới Telegram, Zalo của công dân."),
    list,
    detail,
  );
  await reload();
  const timer = setInterval(reload, POLL_MS);
  return () => clearInterval(timer);
}
