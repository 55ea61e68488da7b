import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@cloudpa/testkit";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { freePort } from "./free-port.js";

/** Where the nats-server binary is: NATS_SERVER_BIN, the Debian package's path, else the PATH. */
function natsServerBinary(): string {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  return existsSync("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
}

/** One node of the cluster: its own process, ports, config file and JetStream store. */
export interface NatsNode {
  name: string;
  clientPort: number;
  routePort: number;
  monitorPort: number;
  configFile: string;
  /** The pid of the running process (undefined while stopped). */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Every line the server printed (its log goes to stderr). */
  readonly logs: string[];
}

/**
 * Three nats-server processes on loopback ports forming one JetStream cluster, written to and
 * stored in a temp directory; each node can be killed, paused (SIGSTOP), resumed and restarted
 * with the same config and store, as an operator or a crash would.
 */
export interface NatsCluster {
  nodes: NatsNode[];
  /** Every node's client URL, comma-separated (what NATS_URL takes). */
  url: string;
  node(name: string): NatsNode;
  /** Sends `signal`; SIGKILL and SIGTERM wait for the process to be gone. */
  signal(name: string, signal: NodeJS.Signals): Promise<void>;
  /** Starts a stopped node again (same config and store) and waits until it answers /healthz. */
  start(name: string): Promise<void>;
  /** Waits until the node's /healthz says its JetStream is current (its streams caught up). */
  healthy(name: string, timeoutMs?: number): Promise<void>;
  /** The server name of `stream`'s leader, as JetStream's stream info reports it. */
  leaderOf(nc: NatsConnection, stream: string): Promise<string | undefined>;
  /** Stops every node by pid and removes the temp directory. */
  stop(): Promise<void>;
}

interface NodeState extends NatsNode {
  child: ChildProcess | undefined;
}

function configOf(node: NodeState, routes: number[], storeDir: string): string {
  return [
    `server_name: ${node.name}`,
    `listen: 127.0.0.1:${node.clientPort}`,
    `http: 127.0.0.1:${node.monitorPort}`,
    "jetstream {",
    `  store_dir: "${storeDir}"`,
    "  max_file_store: 1GB",
    "  max_memory_store: 64MB",
    "}",
    "cluster {",
    '  name: "cloudpa-faults"',
    `  listen: 127.0.0.1:${node.routePort}`,
    `  routes: [${routes.map((port) => `"nats-route://127.0.0.1:${port}"`).join(", ")}]`,
    "}",
    "",
  ].join("\n");
}

/** True when the node's /healthz answers 200; otherwise fails with its answer (what is not current). */
async function healthzOk(node: NatsNode): Promise<true> {
  const response = await fetch(`http://127.0.0.1:${node.monitorPort}/healthz`, { signal: AbortSignal.timeout(1000) });
  if (response.ok) return true;
  throw new Error(`/healthz answered ${response.status}: ${await response.text()}`);
}

/** Starts a 3-node cluster (as deploy/nats/cluster.conf shapes it) and waits until every node is healthy. */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), "cloudpa-nats-cluster-"));
  const nodes: NodeState[] = [];
  for (let index = 1; index <= size; index++) {
    const name = `n${index}`;
    nodes.push({
      name,
      clientPort: await freePort(),
      routePort: await freePort(),
      monitorPort: await freePort(),
      configFile: join(dir, `${name}.conf`),
      child: undefined,
      logs: [],
      get pid() {
        return this.child?.pid;
      },
      get running() {
        return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
      },
    });
  }
  for (const node of nodes) {
    const storeDir = join(dir, node.name, "jetstream");
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(
      node.configFile,
      configOf(
        node,
        nodes.map((other) => other.routePort),
        storeDir,
      ),
    );
  }

  const nodeNamed = (name: string): NodeState => {
    const node = nodes.find((candidate) => candidate.name === name);
    if (!node) throw new Error(`no NATS node ${name}`);
    return node;
  };
  const spawnNode = (node: NodeState) => {
    const child = spawn(natsServerBinary(), ["-c", node.configFile], { stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on("data", (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) node.logs.push(line);
      });
    }
    child.on("error", (error) => node.logs.push(`spawn failed: ${error.message}`));
    node.child = child;
  };
  const healthy = async (name: string, timeoutMs = 60_000) => {
    const node = nodeNamed(name);
    await waitFor(
      async () => {
        if (!node.running) throw new Error(`NATS node ${name} exited:\n${node.logs.slice(-20).join("\n")}`);
        return healthzOk(node);
      },
      { timeoutMs, intervalMs: 200, what: `NATS node ${name} healthy` },
    );
  };
  const signal = async (name: string, sig: NodeJS.Signals) => {
    const node = nodeNamed(name);
    const child = node.child;
    if (!child || !node.running) return;
    if (sig !== "SIGKILL" && sig !== "SIGTERM") {
      child.kill(sig);
      return;
    }
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(sig);
    await gone;
  };

  const cluster: NatsCluster = {
    nodes,
    url: nodes.map((node) => `nats://127.0.0.1:${node.clientPort}`).join(","),
    node: nodeNamed,
    signal,
    async start(name) {
      const node = nodeNamed(name);
      if (node.running) throw new Error(`NATS node ${name} is already running`);
      spawnNode(node);
      await healthy(name);
    },
    healthy,
    async leaderOf(nc, stream) {
      const jsm = await jetstreamManager(nc, { timeout: 2000 });
      return (await jsm.streams.info(stream)).cluster?.leader;
    },
    async stop() {
      for (const node of nodes) {
        // A paused node would never exit on SIGTERM.
        if (node.running) node.child?.kill("SIGCONT");
        await signal(node.name, "SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    for (const node of nodes) spawnNode(node);
    await Promise.all(nodes.map((node) => healthy(node.name)));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
