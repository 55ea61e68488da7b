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
  "default-src 'none'; script-src 'self'; connect-src 'self'; img-src http: https: data:; media-src 'self'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The phone: one types as a customer, the conversation shows what the business answered through the API. */
export function phonePageHtml(defaults: { businessNumber: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cloud PA · Twilio simulator phone</title>
<link rel="icon" href="data:,"><!-- no icon: the browser asks for none (a 404 in its console) -->
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
  .bubble video, .bubble audio { max-width: 100%; display: block; margin-bottom: 4px; }
  .bubble.sticker { background: transparent; box-shadow: none; }
  .bubble.sticker img { width: 120px; }
  .card { border: 1px solid #0001; background: #0000000a; border-radius: 6px; padding: 6px 8px; margin-bottom: 4px; display: block; color: inherit; text-decoration: none; }
  .card strong { display: block; }
  .card small { color: #667781; display: block; }
  .template-tag { font-size: 10px; text-transform: uppercase; letter-spacing: .05em; color: #00a884; margin-bottom: 2px; }
  .quote { border-left: 3px solid #06cf9c; background: #0000000d; padding: 3px 6px; border-radius: 4px; font-size: 12px; color: #54656f; margin-bottom: 4px; }
  .button-reply { font-weight: 600; color: #027eb5; }
  .bubble { cursor: pointer; }
  #replying { font-size: 12px; background: #fff; border-left: 3px solid #06cf9c; padding: 4px 6px; border-radius: 4px; display: flex; justify-content: space-between; gap: 6px; }
  #replying[hidden] { display: none; }
  details { font-size: 13px; }
  details fieldset { border: 1px solid #ccc; border-radius: 6px; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
  details fieldset input { flex: 1 1 40%; min-width: 0; }
  details fieldset button { padding: 6px 10px; }
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
    <div id="replying" hidden><span>Replying to: <span id="replying-text"></span></span><button type="button" id="cancel-reply">×</button></div>
    <div class="row">
      <textarea id="message-body" placeholder="Type a message" rows="2"></textarea>
      <button type="submit">Send</button>
    </div>
    <input id="media-url" type="url" placeholder="Attach an image URL (optional)">
    <label>Attach files from this computer <input id="attach-files" type="file" multiple></label>
    <details id="more">
      <summary>Location, contact, button, sticker</summary>
      <fieldset>
        <legend>Share a location</legend>
        <input id="location-latitude" placeholder="Latitude" inputmode="decimal" value="51.5033635">
        <input id="location-longitude" placeholder="Longitude" inputmode="decimal" value="-0.1276248">
        <input id="location-label" placeholder="Label" value="Home">
        <input id="location-address" placeholder="Address" value="10 Downing St, London">
        <button type="button" id="send-location">Send location</button>
      </fieldset>
      <fieldset>
        <legend>Share a contact</legend>
        <input id="contact-name" placeholder="Name" value="Grace Hopper">
        <input id="contact-phone" placeholder="Phone" value="+447700900099">
        <button type="button" id="send-contact">Send contact</button>
      </fieldset>
      <fieldset>
        <legend>Tap a button</legend>
        <input id="button-text" placeholder="Button text" value="Confirm">
        <input id="button-payload" placeholder="Payload" value="confirm">
        <button type="button" id="send-button">Tap</button>
      </fieldset>
      <fieldset>
        <legend>Sticker</legend>
        <button type="button" id="send-sticker">Send a sticker</button>
      </fieldset>
    </details>
    <div id="outcome"></div>
  </form>
</main>
<script src="/phone.js"></script>
</body>
</html>
`;
}
