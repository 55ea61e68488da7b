import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { measureInbox } from "./figures/inbox.js";
import { seededConversationId } from "./figures/inbox-seed.js";
import { measureIngressAlone, measurePipeline } from "./figures/pipeline.js";
import { measureProjector } from "./figures/projector.js";
import { cloudpaAvailable, prepareReadModel, startCloudpa, startPeer } from "./figures/systems.js";
import { measureWebApi, webAvailable } from "./figures/web-api.js";
import { figuresOf } from "./figures-of.js";
import { benchDatabase } from "./infra/bench-database.js";
import { benchName, repoRoot } from "./infra/bench-env.js";
import { benchKeys } from "./infra/bench-keys.js";
import { benchNats } from "./infra/bench-nats.js";
import { undoOnInterrupt } from "./infra/interrupt.js";
import { describeLoad, machineLoad } from "./infra/machine-load.js";
import type { LatencyCurve } from "./latency-samples.js";
import { latencySvg } from "./latency-svg.js";
import { measureRawLimits } from "./raw-limits.js";
import { type BenchReport, type Figure, renderTable, writeReport } from "./results.js";
import { scaleGroup } from "./scale/scale-group.js";
import { sizesFor } from "./sizes.js";

const GROUPS = ["raw", "ingress", "peer", "projector", "inbox", "scale"] as const;
type Group = (typeof GROUPS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    "allow-busy": { type: "boolean", default: false },
  },
});
const quick = values.quick ?? false;
const allowBusy = values["allow-busy"] ?? false;
const only = new Set((values.only ?? []).flatMap((o) => o.split(",")));
for (const name of only) {
  if (!GROUPS.includes(name as Group)) {
    console.error(`unknown figure group "${name}" (${GROUPS.join(", ")})`);
    process.exit(2);
  }
}
const wanted = (group: Group) => only.size === 0 || only.has(group);
const sizes = sizesFor(quick);
const log = (line: string) => process.stderr.write(`\x1b[35m[bench]\x1b[0m ${line}\n`);

/** Builds the services the bench runs as processes, as `npm start` does (skipped when unchanged). */
function buildServices(): void {
  log("building the services (skipped when unchanged)");
  const result = spawnSync(process.execPath, [join(repoRoot, "scripts/build.mjs"), "services"], { stdio: "inherit" });
  if (result.status !== 0) log("building the services failed; figures that need them will be skipped");
}

async function main(): Promise<void> {
  undoOnInterrupt();
  const startedAt = new Date().toISOString();
  const skipped: BenchReport["skipped"] = [];
  const curves: LatencyCurve[] = [];
  const load = machineLoad();
  const loadAverageAtStart = load.loadAverage;
  log(`at the start: ${describeLoad(load)}`);
  if (load.busy && !allowBusy) {
    console.error(
      `refusing to run: the machine is busy (${describeLoad(load)}). Its figures would measure the other work too. ` +
        "Wait for a quiet machine, or run with --allow-busy and read only the CPU per request and the ratios.",
    );
    process.exit(3);
  }
  if (wanted("ingress") || wanted("projector") || wanted("scale")) buildServices();

  const results: Parameters<typeof figuresOf>[0] = { quick };

  const attempt = async (group: Group, run: () => Promise<void>) => {
    if (!wanted(group)) return;
    try {
      await run();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`${group}: skipped: ${reason}`);
      skipped.push({ group, reason: reason.slice(0, 2000) });
    }
  };

  await attempt("raw", async () => {
    const nats = await benchNats();
    const database = await benchDatabase();
    try {
      const raw = await measureRawLimits(nats, database, sizes.raw, log);
      results.raw = raw;
      curves.push(...raw.curves);
    } finally {
      await nats.cleanup();
      await database.drop();
    }
  });

  await attempt("ingress", async () => {
    const missing = cloudpaAvailable();
    if (missing) throw new Error(missing);
    const nats = await benchNats();
    const database = await benchDatabase();
    const keys = benchKeys();
    try {
      await prepareReadModel(database.url);
      const system = await startCloudpa(nats, database, keys);
      try {
        const ours = await measurePipeline(system, database.url, sizes.pipeline, log);
        results.ours = ours;
        curves.push(...ours.curves);
      } finally {
        await system.stop();
      }
      const alone = await startCloudpa(nats, database, keys, { ingressAlone: true });
      try {
        results.ingressAlone = await measureIngressAlone(alone, sizes.pipeline, log);
        curves.push(results.ingressAlone.curve);
      } finally {
        await alone.stop();
      }
    } finally {
      await nats.cleanup();
      await database.drop();
    }
  });

  await attempt("peer", async () => {
    const database = await benchDatabase();
    try {
      const system = await startPeer(database, benchName("seed-inbound-"));
      try {
        const peer = await measurePipeline(system, database.url, sizes.pipeline, log);
        results.peer = peer;
        curves.push(...peer.curves);
      } finally {
        await system.stop();
      }
    } finally {
      await database.drop();
    }
  });

  await attempt("projector", async () => {
    const missing = cloudpaAvailable();
    if (missing) throw new Error(missing);
    const nats = await benchNats();
    const database = await benchDatabase();
    try {
      results.projector = await measureProjector(nats, database, benchKeys(), sizes.projector, log);
    } finally {
      await nats.cleanup();
      await database.drop();
    }
  });

  await attempt("inbox", async () => {
    const database = await benchDatabase();
    try {
      const inbox = await measureInbox(database, sizes.inbox, log);
      results.inbox = inbox;
      curves.push(
        inbox.inboxFirstPage.curve("inbox loader query, first page"),
        inbox.conversation.curve("conversation loader query"),
        inbox.inboxRareLabel.curve("inbox loader query, rarest label"),
        inbox.notedConversation.curve("conversation loader queries, with notes"),
      );
      const missing = webAvailable();
      if (missing) {
        skipped.push({ group: "inbox (web)", reason: missing });
        return;
      }
      const nats = await benchNats();
      try {
        const ids = Array.from({ length: 200 }, () =>
          seededConversationId(1 + Math.floor(Math.random() * sizes.inbox.conversations)),
        );
        const web = await measureWebApi(
          database,
          nats,
          benchKeys(),
          {
            iterations: sizes.inbox.iterations,
            conversationIds: ids,
            commonLabelId: inbox.commonLabel.labelId,
            rareLabelId: inbox.rareLabel.labelId,
            notedConversationIds: inbox.notedConversationIds,
          },
          log,
        );
        results.web = web;
        curves.push(
          web.inboxLoader.curve("web GET /inbox.data (loaders)"),
          web.apiList.curve("web GET API conversations"),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log(`inbox (web): skipped: ${reason}`);
        skipped.push({ group: "inbox (web)", reason: reason.slice(0, 2000) });
      } finally {
        await nats.cleanup();
      }
    } finally {
      await database.drop();
    }
  });

  let scale: Figure[] = [];
  await attempt("scale", async () => {
    scale = await scaleGroup(quick, log);
  });

  const figures: Figure[] = [...figuresOf(results), ...scale];
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      loadAverageAtStart,
      busyAtStart: load.busy,
    },
    figures,
    curves,
    skipped,
  };
  const resultsDir = join(repoRoot, "bench/results");
  mkdirSync(resultsDir, { recursive: true });
  writeReport(join(resultsDir, "latest.json"), report);
  writeFileSync(
    join(resultsDir, "latency.svg"),
    latencySvg(curves, `Cloud PA bench ${quick ? "(quick) " : ""}${startedAt}: latency by percentile`),
  );
  console.log(`\n${renderTable(figures)}\n`);
  console.log(`${load.busy ? "BUSY MACHINE (--allow-busy): " : ""}at the start, ${describeLoad(load)}`);
  for (const s of skipped) console.log(`skipped ${s.group}: ${s.reason.split("\n")[0]}`);
  console.log(`\nwrote bench/results/latest.json and bench/results/latency.svg`);
}

await main();
process.exit(0);
