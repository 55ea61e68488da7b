/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Only the page's own script runs; images may come from anywhere a customer would send them from. */
export const PHONE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; img-src http: https: data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The phone: one types as a customer, the conversation shows what the business answered through the API. */
export function phonePageHtml(defaults: { businessNumber: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cloud PA · Twilio simulator phone</title>
<style>
  body { font-family: system-ui, sans-serif; background: #e5ddd5; margin: 0; display: flex; justify-content: center; }
  main { width: 100%; max-width: 420px; min-height: 100vh; background: #efeae2; display: flex; flex-direction: column; box-shadow: 0 0 12px #0003; }
  header { background: #075e54; color: #fff; padding: 10px 12px; }
  header h1 { font-size: 16px; margin: 0 0 6px; }
  header label { display: block; font-size: 12px; margin-top: 4px; }
  header input { width: 100%; box-sizing: border-box; padding: 4px 6px; border: 0; border-radius: 4px; }
  #conversation { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; }
  .bubble { max-width: 80%; padding: 6px 9px; border-radius: 8px; white-space: pre-wrap; word-wrap: break-word; font-size: 14px; }
  .bubble.customer { align-self: flex-end; background: #d9fdd3; }
  .bubble.business { align-self: flex-start; background: #fff; }
  .bubble img { max-width: 100%; display: block; margin-bottom: 4px; border-radius: 4px; }
  .meta { font-size: 11px; color: #667781; margin-top: 2px; text-align: right; }
  form { display: flex; flex-direction: column; gap: 4px; padding: 8px; background: #f0f2f5; }
  form .row { display: flex; gap: 4px; }
  form textarea { flex: 1; resize: vertical; min-height: 38px; padding: 6px; border-radius: 6px; border: 1px solid #ccc; font: inherit; }
  form input { padding: 6px; border-radius: 6px; border: 1px solid #ccc; }
  form button { background: #00a884; color: #fff; border: 0; border-radius: 6px; padding: 0 14px; font-weight: bold; cursor: pointer; }
  #outcome { font-size: 12px; color: #54656f; min-height: 1em; }
</style>
</head>
<body>
<main data-business-number="${escapeHtml(defaults.businessNumber)}">
  <header>
    <h1>Customer phone → <span id="business-number"></span></h1>
    <label>Customer number <input id="customer-number" value="+447700900123" autocomplete="off"></label>
    <label>Customer name <input id="customer-name" value="Ada Lovelace" autocomplete="off"></label>
  </header>
  <section id="conversation" aria-live="polite"></section>
  <form id="composer">
    <div class="row">
      <textarea id="message-body" placeholder="Type a message" rows="2"></textarea>
      <button type="submit">Send</button>
    </div>
    <input id="media-url" type="url" placeholder="Attach an image URL (optional)">
    <div id="outcome"></div>
  </form>
</main>
<script src="/phone.js"></script>
</body>
</html>
`;
}
