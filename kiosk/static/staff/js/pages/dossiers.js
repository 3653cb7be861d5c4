// Dossiers: import the one-stop system's CSV, watch due dates (apology letter the day
// before a dossier will be late), move a dossier to a new status.
import { h, replace } from "/static/js/dom.js";
import { day, deadlineTag, errorNotice, table } from "../ui.js";

const APOLOGY = "Hạn trả ngày mai: gửi thư xin lỗi nếu sẽ trễ";

function statusForm(api, toast, dossier, reload) {
  const id = `st-${dossier.code}`;
  const input = h("input", { type: "text", id, list: "dossier-statuses", value: dossier.status, maxlength: 100 });
  const form = h(
    "form",
    { class: "row" },
    h("label", { for: id, class: "visually-hidden" }, `Trạng thái mới của hồ sơ ${dossier.code}`),
    input,
    h("button", { type: "submit" }, "Lưu"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`staff/dossiers/${encodeURIComponent(dossier.code)}/status`, {
        method: "POST",
        body: { status: input.value },
      });
      toast(`Hồ sơ ${dossier.code}: «${input.value.trim()}».`);
      reload();
    } catch (e) {
      toast(e.message, "error");
    }
  });
  return form;
}

export async function render(root, { api, toast }) {
  const statuses = await api("staff/dossier-statuses");
  const file = h("input", { type: "file", id: "csv", name: "file", accept: ".csv,text/csv" });
  const report = h("div", { "data-testid": "import-report", "aria-live": "polite" });
  const search = h("input", { type: "search", id: "dossier-q", placeholder: "Mã hồ sơ" });
  const list = h("div", { "data-testid": "dossiers" });

  const upload = h(
    "form",
    { class: "row card" },
    h("div", { class: "grow" }, h("label", { for: "csv" }, "Nhập tệp CSV xuất từ hệ thống một cửa"), file),
    h("button", { type: "submit" }, "Nhập"),
  );
  upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files.length) return;
    const body = new FormData();
    body.append("file", file.files[0]);
    try {
      const r = await api("dossiers/import", { method: "POST", body });
      replace(
        report,
        h("p", { class: "notice ok" }, `Đã nhập: ${r.created} mới, ${r.updated} cập nhật, ${r.unchanged} không đổi.`),
      );
      load();
    } catch (e) {
      replace(report, errorNotice(e));
    }
  });

  async function load() {
    try {
      const q = search.value.trim();
      const rows = await api("staff/dossiers", { query: q ? { q } : undefined });
      if (!rows.length) {
        replace(list, h("p", { class: "hint" }, q ? "Không có hồ sơ khớp mã này." : "Không có hồ sơ đang giải quyết."));
        return;
      }
      replace(
        list,
        table(
          ["Mã hồ sơ", "Thủ tục", "Tiếp nhận", "Hẹn trả", "Trạng thái", "Cập nhật"],
          rows.map((d) => {
            const { cls, tag } = deadlineTag(d.deadline, { tomorrowText: APOLOGY });
            return {
              attrs: { class: cls, "data-code": d.code },
              cells: [
                d.code,
                d.procedure_name,
                day(d.received_on),
                [day(d.due_on), " ", tag],
                h("span", { "data-testid": "status" }, d.status),
                statusForm(api, toast, d, load),
              ],
            };
          }),
        ),
      );
    } catch (e) {
      replace(list, errorNotice(e));
    }
  }

  const find = h("form", { class: "row" }, h("div", { class: "grow" }, h("label", { for: "dossier-q" }, "Tìm theo mã"), search), h("button", { type: "submit", class: "secondary" }, "Tìm"));
  find.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  replace(
    root,
    h("h1", {}, "Hồ sơ"),
    upload,
    report,
    h("datalist", { id: "dossier-statuses" }, statuses.map((s) => h("option", { value: s }))),
    h("h2", {}, "Hồ sơ đang giải quyết (hạn gần nhất trước)"),
    h("p", { class: "hint" }, "Hồ sơ hẹn trả ngày mai mà chưa xong: gửi thư xin lỗi cho người dân trước ngày hẹn."),
    find,
    list,
  );
  await load();
}
