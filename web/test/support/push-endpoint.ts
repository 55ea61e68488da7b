// A push service on localhost for specs: it receives over TLS what the web POSTs to a
// subscription's endpoint, and a device's keys decrypt it (aes128gcm, RFC 8291) with http_ece,
// the reference implementation of Encrypted Content-Encoding by the authors of the Web Push
// encryption drafts. Its certificate is made for it by openssl, self-signed for 127.0.0.1; the
// `agent` trusts exactly it.
import { execFileSync } from "node:child_process";
import { createECDH, type ECDH, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { Agent, createServer, type Server } from "node:https";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(content: Buffer, params: { version: "aes128gcm"; privateKey: ECDH; authSecret: Buffer }): Buffer;
};

/** One push as the endpoint received it. */
export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A browser's side of one subscription: its keys, as pushManager.subscribe() makes them. */
export interface TestDevice {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The push's plaintext, decrypted with this device's private key and auth secret. */
  decrypt(push: ReceivedPush): string;
}

export interface PushEndpoint {
  url: string;
  /** An https agent that trusts this endpoint's certificate. */
  agent: Agent;
  received: ReceivedPush[];
  /** The status the endpoint answers at `path` (201 unless set): 410 says the subscription is gone. */
  answer(path: string, status: number): void;
  device(path: string): TestDevice;
  close(): Promise<void>;
}

/** A self-signed P-256 certificate for 127.0.0.1, valid for a day. */
function localCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "push-endpoint-"));
  try {
    const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        .concat(["-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"])
        .concat(["-addext", "subjectAltName=IP:127.0.0.1"]),
      { stdio: "ignore" },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const received: ReceivedPush[] = [];
  const answers = new Map<string, number>();
  const tls = localCertificate();
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answers.get(path) ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `https://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const agent = new Agent({ ca: tls.cert, keepAlive: false });
  return {
    url,
    agent,
    received,
    answer: (path, status) => answers.set(path, status),
    device(path) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      return {
        endpoint: `${url}${path}`,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
        decrypt: (push) =>
          ece.decrypt(push.body, { version: "aes128gcm", privateKey: ecdh, authSecret: auth }).toString("utf8"),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
