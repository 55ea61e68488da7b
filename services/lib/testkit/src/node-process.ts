import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

const root = new URL("../../../../", import.meta.url).pathname;

/** A node script of the checkout (path from the checkout's root) as a child process, its output collected as it comes. */
export function startNode(script: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [`${root}${script}`, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output.stderr += chunk;
  });
  return { child, output };
}

/** Runs a node script of the checkout to its end and returns its exit status and output. */
export async function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { child, output } = startNode(script, args, env);
  const [status] = (await once(child, "close")) as [number | null];
  return { status, ...output };
}
