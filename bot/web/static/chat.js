// The local web chat: a random sender id kept in this browser, messages posted to
// /api/chat, and staff replies picked up by polling /api/chat/{sender}/messages.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("send");
  const input = document.getElementById("text");
  let sender = localStorage.getItem("waymark-sender");
  if (!sender) {
    sender = crypto.randomUUID();
    localStorage.setItem("waymark-sender", sender);
  }
  let lastId = 0;
  const seen = new Set();

  function show(text, who) {
    const item = document.createElement("li");
    item.className = who;
    item.textContent = text; // never innerHTML: messages are shown as text
    log.appendChild(item);
    item.scrollIntoView();
  }

  async function poll() {
    try {
      const res = await fetch(`/api/chat/${encodeURIComponent(sender)}/messages?after=${lastId}`);
      if (res.ok) {
        const body = await res.json();
        for (const m of body.messages) {
          lastId = Math.max(lastId, m.id);
          if (!seen.has(m.id)) { seen.add(m.id); show(m.text, m.from); }
        }
      }
    } catch (e) { /* offline: try again shortly */ }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    show(text, "me");
    try {
      await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender, text }),
      });
    } catch (e) {
      show("I couldn't send that. If you are in danger, call 999. Childline: 0800 1111.", "bot");
    }
    await poll();
  });

  poll();
  setInterval(poll, 3000);
})();
