// Waymark staff console: live refresh of page parts, and canned replies.
// Loaded as a file because the Content-Security-Policy forbids inline scripts.
"use strict";

(function () {
  const parts = Array.from(document.querySelectorAll("[data-live-part]"));

  async function refresh() {
    for (const el of parts) {
      try {
        const response = await fetch(el.dataset.livePart, { credentials: "same-origin", cache: "no-store" });
        if (response.redirected || response.status === 401) {
          window.location.assign("/staff/login");
          return;
        }
        if (response.ok) {
          // The server renders (and escapes) these fragments with the same templates as the page.
          el.innerHTML = await response.text();
        }
      } catch (err) {
        // Offline for a moment: the next event refreshes again.
      }
    }
    document.body.dataset.refreshed = String(Date.now());
  }

  if (parts.length && window.EventSource) {
    const events = new EventSource("/staff/events");
    events.addEventListener("queue", refresh);
    // After a reconnect we may have missed an event: refresh once to catch up.
    let connectedBefore = false;
    events.addEventListener("open", function () {
      if (connectedBefore) refresh();
      connectedBefore = true;
      document.body.dataset.live = "connected";
    });
  }

  for (const select of document.querySelectorAll("select[data-canned-for]")) {
    select.addEventListener("change", function () {
      const option = select.selectedOptions[0];
      const target = document.getElementById(select.dataset.cannedFor);
      if (target && option && option.dataset.text) target.value = option.dataset.text;
    });
  }
})();
