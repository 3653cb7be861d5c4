// Staff console: login, then one page per task, chosen in the nav (#hash routes).
//
// Each page module exports `render(root, ctx)` and may return a cleanup function
// (e.g. to stop polling). ctx = { api, user, toast, h }.
// "Thống kê" (analytics.js) and "Đối chiếu danh mục" are shown to supervisors and admins only.
import { h, replace } from "/static/js/dom.js";
import { ApiError, createClient } from "/static/shared/api.js";

const RANK = { staff: 0, supervisor: 1, admin: 2 };
const SESSION_ENDED = "Phiên làm việc đã hết. Vui lòng đăng nhập lại.";

const PAGES = [
  { id: "faq", label: "Tra cứu", load: () => import("./pages/faq.js") },
  { id: "appointments", label: "Lịch hẹn hôm nay", load: () => import("./pages/appointments.js") },
  { id: "queue", label: "Gọi số", load: () => import("./pages/queue.js") },
  { id: "handoffs", label: "Gặp cán bộ", load: () => import("./pages/handoffs.js") },
  { id: "dossiers", label: "Hồ sơ", load: () => import("./pages/dossiers.js") },
  { id: "complaints", label: "Phản ánh", load: () => import("./pages/complaints.js") },
  { id: "ratings", label: "Đánh giá", load: () => import("./pages/ratings.js") },
  { id: "analytics", label: "Thống kê", role: "supervisor", load: () => import("./analytics.js") },
  {
    id: "catalog-audit",
    label: "Đối chiếu danh mục",
    role: "supervisor",
    load: () => import("./pages/catalog_audit.js"),
  },
];

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const who = document.getElementById("who");
const toastBox = document.getElementById("toast");
let user = null;
let cleanup = null;
let toastTimer = null;

// Writes carry the session's CSRF token (set at login); a 401 while logged in means the
// session is gone (expired, or logged out in another tab): back to the login form.
const api = createClient({
  name: "staff",
  onUnauthorized: () => {
    if (user) showLogin(SESSION_ENDED);
  },
});

function toast(message, kind = "ok") {
  toastBox.textContent = message;
  toastBox.className = `toast ${kind}`;
  toastBox.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toastBox.hidden = true), 5000);
}

function allowed(page) {
  return !page.role || RANK[user.role] >= RANK[page.role];
}

function showLogin(message) {
  user = null;
  api.setCsrf(null);
  stopPage();
  nav.hidden = true;
  replace(nav);
  replace(who);
  const error = h("div", { class: "notice error", role: "alert", hidden: !message }, message || "");
  const username = h("input", { type: "text", id: "username", name: "username", autocomplete: "username", required: true });
  const password = h("input", { type: "password", id: "password", name: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit", class: "big" }, "Đăng nhập");
  const form = h(
    "form",
    { class: "card login", "data-testid": "login-form" },
    h("h1", {}, "Đăng nhập cán bộ"),
    error,
    h("label", { for: "username" }, "Tên đăng nhập"),
    username,
    h("label", { for: "password" }, "Mật khẩu"),
    password,
    h("p", {}, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const me = await api("staff/login", {
        method: "POST",
        body: { username: username.value, password: password.value },
      });
      password.value = "";
      start(me);
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
      error.hidden = false;
      password.value = "";
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  replace(main, form);
  username.focus();
}

function start(me) {
  user = me;
  api.setCsrf(me.csrf_token);
  nav.hidden = false;
  replace(
    nav,
    PAGES.filter(allowed).map((p) => h("a", { href: `#${p.id}`, "data-page": p.id }, p.label)),
  );
  const logout = h("button", { type: "button", class: "secondary" }, "Đăng xuất");
  logout.addEventListener("click", async () => {
    try {
      await api("staff/logout", { method: "POST" });
    } finally {
      showLogin("Đã đăng xuất.");
    }
  });
  replace(who, h("span", { "data-testid": "who" }, `${me.display_name} (${me.role_label})`), logout);
  route();
}

function stopPage() {
  if (typeof cleanup === "function") cleanup();
  cleanup = null;
}

async function route() {
  if (!user) return;
  const id = location.hash.slice(1) || "faq";
  const page = PAGES.find((p) => p.id === id && allowed(p)) || PAGES[0];
  for (const link of nav.querySelectorAll("a")) {
    if (link.dataset.page === page.id) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  stopPage();
  const root = h("section", { "data-testid": `page-${page.id}` });
  replace(main, root);
  try {
    const module = await page.load();
    cleanup = await module.render(root, { api, user, toast, h });
  } catch (e) {
    replace(root, h("div", { class: "notice error", role: "alert" }, e.message || String(e)));
  }
}

window.addEventListener("hashchange", route);

(async () => {
  try {
    start(await api("staff/me"));
  } catch {
    showLogin();
  }
})();
