// Whether a build step can be skipped: its outputs exist and its sources are byte for byte those
// of its last successful build. Content, not timestamps: a fresh clone, a checkout or a touch
// changes mtimes without changing what the build would produce. Runs on the machine's Node (>= 20).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/**
 * Folders that are outputs, installs or caches, never a build's sources. `test-results` holds the
 * browser specs' screenshots (web/test-results): counted, each spec's new screenshots made the next
 * spec rebuild the web (30-50 s each under load).
 */
const NOT_SOURCES = new Set(["node_modules", "dist", "build", ".cache", ".tools", ".git", "coverage", "test-results"]);
/** Tests are not part of what start runs. */
const isTest = (name) => /\.(spec|test)\.[cm]?[jt]sx?$/.test(name) || name.endsWith(".tsbuildinfo");

function filesUnder(path) {
  if (!existsSync(path)) return [];
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return [path]; // a file
  }
  return entries.flatMap((entry) => {
    if (entry.isDirectory()) return NOT_SOURCES.has(entry.name) ? [] : filesUnder(join(path, entry.name));
    return entry.isFile() && !isTest(entry.name) ? [join(path, entry.name)] : [];
  });
}

/** One hash over the path and content of every source file under `inputs` (paths relative to root). */
export function sourceFingerprint(root, inputs) {
  const hash = createHash("sha256");
  const files = inputs.flatMap((input) => filesUnder(join(root, input))).map((file) => relative(root, file));
  for (const file of [...new Set(files)].sort()) {
    hash.update(file.split(sep).join("/"));
    hash.update("\0");
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const stampOf = (root, step) => join(root, ".cache", "build", `${step.name}.json`);

/**
 * The decision for one step `{ name, inputs, outputs }`: `{ fresh, reason, fingerprint }`.
 * Pass `fingerprint` to markBuilt once the build succeeded.
 */
export function buildDecision(root, step) {
  const fingerprint = sourceFingerprint(root, step.inputs);
  const missing = step.outputs.find((output) => !existsSync(join(root, output)));
  if (missing) return { fresh: false, reason: "not built yet", fingerprint, missing };
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampOf(root, step), "utf8"));
  } catch {
    return { fresh: false, reason: "no record of a previous build", fingerprint };
  }
  if (stamp.fingerprint !== fingerprint) return { fresh: false, reason: "sources changed", fingerprint };
  return { fresh: true, reason: "sources unchanged since the last build", fingerprint };
}

export function markBuilt(root, step, fingerprint) {
  const stamp = stampOf(root, step);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
}
