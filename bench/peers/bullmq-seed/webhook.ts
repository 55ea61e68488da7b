import { createServer } from "node:http";
import { twilioSignature, webhookPaths } from "@cloudpa/contracts";
import { Queue } from "bullmq";
import type { InboundJob } from "./peer-schema.js";

/**
 * The seed's webhook, minimal: check Twilio's signature, put the webhook on a BullMQ queue
 * in Redis, answer 200 once Redis holds the job. Plain node:http rather than Nest: the
 * framework only adds per-request cost, so this peer is, if anything, faster than the seed.
 */
const port = Number(process.env.PEER_PORT ?? 0);
const redis = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const queueName = process.env.PEER_QUEUE ?? "seed-inbound";
const authToken = process.env.TWILIO_AUTH_TOKEN ?? "";
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const queue = new Queue<InboundJob>(queueName, {
  connection: { host: redis.hostname, port: Number(redis.port || 6379) },
  // Completed jobs are trimmed, as a production deployment of the seed would configure.
  defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 3 },
});

const server = createServer((request, response) => {
  if (request.method !== "POST" || request.url !== webhookPaths().inbound) {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    const expected = twilioSignature(authToken, `${publicBaseUrl}${webhookPaths().inbound}`, params);
    if (request.headers["x-twilio-signature"] !== expected) {
      response.writeHead(403).end();
      return;
    }
    queue.add("inbound", { params, receivedAt: new Date().toISOString() }).then(
      () => response.writeHead(200, { "content-type": "text/xml" }).end(EMPTY_TWIML),
      () => response.writeHead(500).end(),
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  void queue.close().finally(() => process.exit(0));
});
