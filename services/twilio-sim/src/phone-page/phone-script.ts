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
  const filesInput = document.getElementById("attach-files");
  const outcome = document.getElementById("outcome");
  const replying = document.getElementById("replying");
  const replyingText = document.getElementById("replying-text");
  const value = (id) => document.getElementById(id).value.trim();
  document.getElementById("business-number").textContent = businessNumber;

  const customer = () => {
    const number = numberInput.value.trim();
    return number.startsWith("whatsapp:") ? number : "whatsapp:" + number;
  };
  const isWebUrl = (url) => /^https?:\\/\\//i.test(url);
  const el = (tag, className, text) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const sizeOf = (bytes) => bytes < 1024 ? bytes + " B" : bytes < 1048576 ? Math.round(bytes / 1024) + " KB" : (bytes / 1048576).toFixed(1) + " MB";

  let replyTo = null;
  let messagesBySid = new Map();
  const snippetOf = (message) => message.body || (message.media[0] ? message.media[0].contentType : "") || (message.extraParams.Label || "location");

  /** A vCard's name and numbers, as WhatsApp shows a shared contact. */
  async function contactCard(media) {
    const card = el("a", "card contact");
    card.href = media.url;
    card.download = media.filename || "contact.vcf";
    try {
      const text = await (await fetch(media.url)).text();
      const name = (text.match(/^FN:(.*)$/m) || [])[1] || "Contact";
      card.append(el("strong", "", "👤 " + name.trim()));
      for (const line of text.match(/^TEL[^:]*:(.*)$/gm) || []) card.append(el("small", "", line.replace(/^TEL[^:]*:/, "").trim() + " "));
    } catch {
      card.append(el("strong", "", "👤 Contact"));
    }
    return card;
  }

  function mediaElement(media) {
    const [kind] = media.contentType.split("/");
    if (media.contentType === "text/vcard" || media.contentType === "text/x-vcard") {
      const holder = el("div");
      contactCard(media).then((card) => holder.replaceWith(card));
      return holder;
    }
    if (kind === "image") {
      const image = el("img");
      image.src = media.url;
      image.alt = media.filename || "photo";
      return image;
    }
    if (kind === "video" || kind === "audio") {
      const player = el(kind);
      player.controls = true;
      player.src = media.url;
      return player;
    }
    const card = el("a", "card document");
    card.href = media.url;
    card.download = media.filename || "document";
    card.append(el("strong", "", "📄 " + (media.filename || "Document")));
    card.append(el("small", "", media.contentType + " · " + sizeOf(media.size)));
    return card;
  }

  function bubble(message) {
    const params = message.extraParams || {};
    const sticker = params.MessageType === "sticker" || (message.media.length === 1 && message.media[0].contentType === "image/webp");
    const element = el("div", "bubble " + (message.direction === "inbound" ? "customer" : "business") + (sticker ? " sticker" : ""));
    element.dataset.sid = message.sid;
    if (message.contentSid) element.append(el("div", "template-tag", "Template"));
    if (params.OriginalRepliedMessageSid) {
      const quoted = messagesBySid.get(params.OriginalRepliedMessageSid);
      element.append(el("div", "quote", quoted ? snippetOf(quoted) : "an earlier message"));
    }
    for (const media of message.media) element.append(mediaElement(media));
    if (message.media.length === 0) {
      for (const url of message.mediaUrls) {
        if (!isWebUrl(url)) continue;
        const image = el("img");
        image.src = url;
        image.alt = "attachment";
        element.append(image);
      }
    }
    if (params.Latitude !== undefined && params.Longitude !== undefined) {
      const map = el("a", "card location");
      map.href = "https://www.openstreetmap.org/?mlat=" + encodeURIComponent(params.Latitude) + "&mlon=" + encodeURIComponent(params.Longitude) + "#map=17/" + encodeURIComponent(params.Latitude) + "/" + encodeURIComponent(params.Longitude);
      map.target = "_blank";
      map.rel = "noopener noreferrer";
      map.append(el("strong", "", "📍 " + (params.Label || "Location")));
      if (params.Address) map.append(el("small", "", params.Address + " "));
      map.append(el("small", "", params.Latitude + ", " + params.Longitude));
      element.append(map);
    }
    if (params.ButtonText !== undefined) element.append(el("div", "button-reply", "↩ " + params.ButtonText));
    else if (message.body) element.append(el("div", "text", message.body));
    const time = new Date(message.dateCreated).toLocaleTimeString();
    const status = message.errorCode ? message.status + " (" + message.errorCode + ")" : message.status;
    element.append(el("div", "meta", message.direction === "inbound" ? time : time + " · " + status));
    element.addEventListener("click", (event) => {
      if (event.target.closest("a, video, audio")) return;
      replyTo = message.sid;
      replyingText.textContent = snippetOf(message);
      replying.hidden = false;
      bodyInput.focus();
    });
    return element;
  }

  let shown = "";
  async function refresh() {
    try {
      const response = await fetch("/sim/conversation?customer=" + encodeURIComponent(customer()));
      if (!response.ok) return;
      const { messages } = await response.json();
      const fingerprint = JSON.stringify(messages.map((m) => [m.sid, m.status, m.media.length]));
      if (fingerprint === shown) return;
      shown = fingerprint;
      messagesBySid = new Map(messages.map((m) => [m.sid, m]));
      const atBottom = conversation.scrollTop + conversation.clientHeight >= conversation.scrollHeight - 8;
      conversation.replaceChildren(...messages.map(bubble));
      if (atBottom) conversation.scrollTop = conversation.scrollHeight;
    } catch {
      // The simulator restarts now and then; the next poll catches up.
    }
  }

  const readFile = (file) => new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

  /** Sends what the customer composed (and any kind given in \`extra\`) as Twilio's webhook would carry it. */
  async function send(extra) {
    const request = { from: customer(), profileName: nameInput.value.trim() || undefined, body: bodyInput.value, ...extra };
    const mediaUrl = mediaInput.value.trim();
    if (mediaUrl) request.mediaUrl = mediaUrl;
    const files = [...filesInput.files].slice(0, 10);
    if (files.length > 0) {
      request.media = await Promise.all(files.map(async (file) => ({
        contentType: file.type || "application/octet-stream",
        dataBase64: await readFile(file),
        filename: file.name,
      })));
    }
    if (replyTo) request.replyTo = replyTo;
    if (!request.body && !mediaUrl && files.length === 0 && !extra) return;
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
      filesInput.value = "";
      replyTo = null;
      replying.hidden = true;
      shown = "";
      await refresh();
    } catch (error) {
      outcome.textContent = "not sent: " + error;
    }
  }

  document.getElementById("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    send(undefined);
  });
  document.getElementById("send-location").addEventListener("click", () => {
    const location = { latitude: Number(value("location-latitude")), longitude: Number(value("location-longitude")) };
    if (value("location-label")) location.label = value("location-label");
    if (value("location-address")) location.address = value("location-address");
    send({ location });
  });
  document.getElementById("send-contact").addEventListener("click", () => {
    send({ contact: { name: value("contact-name"), phones: [value("contact-phone")] } });
  });
  document.getElementById("send-button").addEventListener("click", () => {
    const text = value("button-text");
    send({ body: text, button: { text, payload: value("button-payload") || undefined } });
  });
  document.getElementById("send-sticker").addEventListener("click", () => send({ sticker: {} }));
  document.getElementById("cancel-reply").addEventListener("click", () => {
    replyTo = null;
    replying.hidden = true;
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
