// Container healthcheck: exits 0 when http://127.0.0.1:<port><path> answers 2xx within 3 s.
// The slim Node image has no curl or wget; Node's fetch does the job.
// Usage: node deploy/scripts/healthcheck.mjs <port> [path=/readyz]
const [port, path = "/readyz"] = process.argv.slice(2);
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
