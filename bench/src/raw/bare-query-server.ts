import { createServer } from "node:http";
import { DEFAULT_EVENT_PARTITIONS, DEFAULT_ORG_ID, partitionOf } from "@cloudpa/contracts";
import { conversationView, inboxPage } from "@cloudpa/read-model";
import pg from "pg";

/**
 * The floor under a loader over HTTP: a bare node:http server that runs one read-model query,
 * the same function and pool the bench's "query alone" uses, and answers its JSON. No session,
 * no framework, no other read: what any loader of that query costs at the least once HTTP and a
 * second process are in the way. Run as its own process (argv[2] = port, DATABASE_URL in the
 * environment) and prints `listening <port>`.
 *
 *   GET /inbox             the inbox's first page of 50
 *   GET /conversation/<id> a conversation's view, as the conversation route reads it
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const orgId = DEFAULT_ORG_ID;
const positionOf = { partition: partitionOf(orgId, DEFAULT_EVENT_PARTITIONS) };

async function answerOf(path: string): Promise<unknown> {
  if (path === "/inbox") return inboxPage(pool, { orgId, limit: 50 });
  const conversation = /^\/conversation\/([0-9a-f-]{36})$/.exec(path);
  if (conversation?.[1]) return conversationView(pool, { orgId, conversationId: conversation[1], positionOf });
  return undefined;
}

const server = createServer((request, response) => {
  answerOf(request.url ?? "").then(
    (answer) => {
      if (answer === undefined) response.writeHead(404).end();
      else response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    },
    (error: unknown) => response.writeHead(500).end(String(error)),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  pool.end().finally(() => process.exit(0));
});
