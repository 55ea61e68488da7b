// The offline page's one behaviour (offline.html): the page asked for is tried again when the
// user asks, and by itself as soon as the browser is back online. A file, not an inline script:
// the page's CSP allows only scripts from this site.
const tryAgain = () => window.location.reload();
document.getElementById("retry")?.addEventListener("click", tryAgain);
window.addEventListener("online", tryAgain);
