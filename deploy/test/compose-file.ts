// Reads docker-compose.yml as `docker compose config` would for the keys it uses: YAML with
// merge keys (<<), then ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error} and $$
// interpolation of every string value, defaults nested as compose allows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
export const composePath = join(repositoryRoot, "docker-compose.yml");

export function interpolate(text: string, env: Record<string, string | undefined>): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "$" && text[i + 1] === "$") {
      out += "$";
      i += 2;
    } else if (char === "$" && text[i + 1] === "{") {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}") depth--;
        j++;
      }
      if (depth !== 0) throw new Error(`unclosed \${ in ${JSON.stringify(text)}`);
      out += resolve(text.slice(i + 2, j - 1), env);
      i = j;
    } else if (char === "$" && /[A-Za-z_]/.test(text[i + 1] ?? "")) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))![0];
      out += env[name] ?? "";
      i += 1 + name.length;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

function resolve(expression: string, env: Record<string, string | undefined>): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s.exec(expression);
  if (!match) throw new Error(`bad interpolation \${${expression}}`);
  const [, name = "", operator, rest = ""] = match;
  const value = env[name];
  const unset = operator?.startsWith(":") ? !value : value === undefined;
  switch (operator) {
    case undefined:
      return value ?? "";
    case ":-":
    case "-":
      return unset ? interpolate(rest, env) : (value ?? "");
    case ":?":
    case "?":
      if (unset) throw new Error(`required variable ${name} is missing: ${interpolate(rest, env)}`);
      return value ?? "";
    default:
      return unset ? "" : interpolate(rest, env);
  }
}

function interpolateAll(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === "string") return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)]));
  }
  return value;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  restart?: string;
  deploy?: { replicas?: number };
}

export interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

export function loadCompose(env: Record<string, string | undefined>, path = composePath): ComposeFile {
  const raw = parse(readFileSync(path, "utf8"), { merge: true });
  return interpolateAll(raw, env) as ComposeFile;
}
