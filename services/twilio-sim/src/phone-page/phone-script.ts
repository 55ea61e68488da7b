/**
 * The phone page's script, served as `/phone.js` (plain browser JavaScript, no build step). Every piece
 * of user or server text goes into the page through `textContent` or attributes, never as HTML.
 */
export const PHONE_SCRIPT = `"use strict";
(() => {
  const main = document.querySelector("main");
  const businessNumber = main.dataset.businessNumber;
  const conversation = document.getElementById("conversation");
  const numberInput = document.getElementById("customer-number");
  const nameInput = document.getElementById("customer-name");
  const bodyInput = document.getElementById("message-body");
  const mediaInput = document.getElementById("media-url");
  const outcome = document.getElementById("outcome");
  document.getElementById("business-number").textContent = businessNumber;

  const customer = () => {
    const number = numberInput.value.trim();
    return number.startsWith("whatsapp:") ? number : "whatsapp:" + number;
  };
  const isWebUrl = (url) => /^https?:\\/\\//i.test(url);

  function bubble(message) {
    const element = document.createElement("div");
    element.className = "bubble " + (message.direction === "inbound" ? "customer" : "business");
    for (const url of message.mediaUrls) {
      if (!isWebUrl(url)) continue;
      const image = document.createElement("img");
      image.src = url;
      image.alt = "attachment";
      element.append(image);
    }
    const text = document.createElement("div");
    text.textContent = message.body;
    element.append(text);
    const meta = document.createElement("div");
    meta.className = "meta";
    const time = new Date(message.dateCreated).toLocaleTimeString();
    meta.textContent = message.direction === "inbound" ? time : time + " · " + message.status;
    element.append(meta);
    return element;
  }

  let shown = "";
  async function refresh() {
    try {
      const response = await fetch("/sim/conversation?customer=" + encodeURIComponent(customer()));
      if (!response.ok) return;
      const { messages } = await response.json();
      const fingerprint = JSON.stringify(messages.map((m) => [m.sid, m.status]));
      if (fingerprint === shown) return;
      shown = fingerprint;
      const atBottom = conversation.scrollTop + conversation.clientHeight >= conversation.scrollHeight - 8;
      conversation.replaceChildren(...messages.map(bubble));
      if (atBottom) conversation.scrollTop = conversation.scrollHeight;
    } catch {
      // The simulator restarts now and then; the next poll catches up.
    }
  }

  document.getElementById("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const request = { from: customer(), profileName: nameInput.value.trim() || undefined, body: bodyInput.value };
    const mediaUrl = mediaInput.value.trim();
    if (mediaUrl) request.mediaUrl = mediaUrl;
    if (!request.body && !mediaUrl) return;
    outcome.textContent = "sending…";
    try {
      const response = await fetch("/sim/inbound", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const result = await response.json();
      if (!response.ok) {
        outcome.textContent = "not sent: " + result.error;
        return;
      }
      outcome.textContent = result.webhookStatus === null
        ? "recorded, but the webhook got no answer"
        : "webhook answered " + result.webhookStatus;
      bodyInput.value = "";
      mediaInput.value = "";
      shown = "";
      await refresh();
    } catch (error) {
      outcome.textContent = "not sent: " + error;
    }
  });
  bodyInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      document.getElementById("composer").requestSubmit();
    }
  });
  numberInput.addEventListener("change", () => { shown = ""; refresh(); });

  refresh();
  setInterval(refresh, 1500);
})();
`;
