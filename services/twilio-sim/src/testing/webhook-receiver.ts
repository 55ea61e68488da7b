import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
}

/**
 * A stand-in for the ingress in tests of what Twilio (the simulator) posts: records every webhook and
 * answers with the queued statuses first (`"hang"` never answers), then 200.
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const answers: Array<number | "hang"> = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({
      path: request.url ?? "/",
      headers: request.headers,
      params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))),
    });
    const answer = answers.shift() ?? 200;
    if (answer === "hang") return;
    response.writeHead(answer, { "content-type": "text/xml" });
    response.end("<Response/>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerNext: (...statuses: Array<number | "hang">) => answers.push(...statuses),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
