// Waiting-room display: polls the numbers just called and shows the newest one large.
// With ?voice=1 the call is also read aloud through the kiosk's read-aloud service.
import { formatTime, h, replace } from "/static/js/dom.js";
import { apiUrl, createClient } from "/static/shared/api.js";

const POLL_MS = 2000;
const number = document.getElementById("latest-number");
const counter = document.getElementById("latest-counter");
const recent = document.getElementById("recent");
const offline = document.getElementById("offline");
const voice = new URLSearchParams(location.search).get("voice") === "1";
const api = createClient({ name: "display" });
let lastKey = null;

function announce(call) {
  number.classList.remove("flash");
  void number.offsetWidth; // restart the animation
  number.classList.add("flash");
  if (voice) {
    const text = `Mời số ${call.label.replace("-", " ")} đến ${call.counter_name}`;
    new Audio(apiUrl("speech", { text })).play().catch(() => {
      // Autoplay refused or speech unavailable: the number is on screen all the same.
    });
  }
}

async function poll() {
  try {
    const calls = await api("queue/calls");
    offline.hidden = true;
    const latest = calls[0];
    if (latest) {
      number.textContent = latest.label;
      counter.textContent = `→ ${latest.counter_name}`;
      const key = `${latest.label}@${latest.called_at}`;
      if (lastKey !== null && key !== lastKey) announce(latest);
      lastKey = key;
    }
    replace(
      recent,
      calls
        .slice(1)
        .map((c) => h("li", {}, `${c.label} → ${c.counter_name} (${formatTime(c.called_at)})`)),
    );
  } catch {
    offline.hidden = false;
  }
}

async function showDesk() {
  try {
    const desk = await api("desk"); // its name, and the time at the desk
    document.getElementById("desk-name").textContent = desk.name;
    document.getElementById("clock").textContent = formatTime(desk.now);
  } catch {
    // decoration; the numbers matter
  }
}

async function start() {
  await showDesk();
  setInterval(showDesk, 30000);
  await poll();
  setInterval(poll, POLL_MS);
}

start();
