import { createServer } from "node:http";

/**
 * The raw HTTP limit: a bare node:http server that reads the whole form body, parses it and
 * answers the empty TwiML a webhook answers, doing nothing else. Run as its own process
 * (argv[2] = port, 0 for any) like the services, and prints `listening <port>`.
 */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    if (!params.get("MessageSid")) {
      response.writeHead(400).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/xml" }).end(EMPTY_TWIML);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => process.exit(0));
