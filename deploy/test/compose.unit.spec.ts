// docker-compose.yml checks. Where the docker CLI has its compose plugin, `docker compose
// config` itself validates the file; everywhere (this machine has the docker CLI but no
// compose plugin) the file is validated against the Compose Specification JSON schema that
// the dclint package ships (schemas/compose.schema.json), with ajv, after merge keys and
// ${...} interpolation, and checked against each service's env schema from contracts.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  generateCredentialsKey,
  generateSigningKey,
  ingressEnvSchema,
  outboundEnvSchema,
  parseEnv,
  projectorEnvSchema,
  twilioSimEnvSchema,
  webEnvSchema,
} from "@cloudpa/contracts";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { composePath, loadCompose, repositoryRoot } from "./compose-file.ts";

const require = createRequire(import.meta.url);
const composeSchemaPath = join(dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");

function generatedDotEnv(): Record<string, string> {
  const ingress = generateSigningKey("ingress", "ingress-compose");
  const outbound = generateSigningKey("outbound", "outbound-compose");
  const web = generateSigningKey("web", "web-compose");
  return {
    CREDENTIALS_KEY: generateCredentialsKey(),
    INGRESS_SIGNING_KEY: ingress.signingKey,
    OUTBOUND_SIGNING_KEY: outbound.signingKey,
    WEB_SIGNING_KEY: web.signingKey,
    EVENT_PUBLIC_KEYS: JSON.stringify({
      [ingress.keyId]: ingress.publicEntry,
      [outbound.keyId]: outbound.publicEntry,
      [web.keyId]: web.publicEntry,
    }),
    SESSION_SECRET: "s".repeat(40),
  };
}

type EnvSchema = Parameters<typeof parseEnv>[0] & {
  shape: Record<string, { safeParse(value: unknown): { success: boolean } }>;
};

const apps: Record<string, { schema: EnvSchema; port: string }> = {
  ingress: { schema: ingressEnvSchema, port: "3001" },
  web: { schema: webEnvSchema, port: "3000" },
  "twilio-sim": { schema: twilioSimEnvSchema, port: "3002" },
  projector: { schema: projectorEnvSchema, port: "3003" },
  outbound: { schema: outboundEnvSchema, port: "3004" },
};

/** What kit's startTracing reads from the environment itself, outside the services' env schemas. */
const readByTracing = ["OTEL_EXPORTER_OTLP_ENDPOINT"];

const haveComposePlugin = spawnSync("docker", ["compose", "version"], { stdio: "ignore" }).status === 0;

describe("docker-compose.yml", () => {
  const dotEnv = generatedDotEnv();
  const compose = loadCompose(dotEnv);

  it.skipIf(!haveComposePlugin)("passes `docker compose config`", () => {
    const result = spawnSync(
      "docker",
      ["compose", "-f", composePath, "--profile", "dev", "--profile", "observe", "config", "--quiet"],
      {
        cwd: repositoryRoot,
        env: { ...process.env, ...dotEnv },
        encoding: "utf8",
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  const schema = JSON.parse(readFileSync(composeSchemaPath, "utf8"));
  delete schema.$schema;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

  it("validates against the Compose Specification schema", () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The same check refuses what compose would refuse.
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.ingress!.depends_onn = ["nats"];
    broken.services.web!.healthcheck = { test: ["CMD", "true"], interval: 10 };
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.length).toBeGreaterThanOrEqual(2);
  });

  it("validates the 3-node NATS cluster compose file too, one node per conf file", () => {
    const cluster = loadCompose({}, join(repositoryRoot, "deploy", "nats", "compose.cluster.yml"));
    expect(validate(cluster), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(cluster.services)).toEqual(["nats-1", "nats-2", "nats-3"]);
    for (const [name, service] of Object.entries(cluster.services)) {
      expect(service.command, name).toEqual(["--config", `/etc/nats/${name}.conf`]);
      expect(existsSync(join(repositoryRoot, "deploy", "nats", `${name}.conf`)), name).toBe(true);
    }
  });

  it("interpolates without any variable set, so `docker compose up nats postgres` works on a fresh clone", () => {
    expect(() => loadCompose({})).not.toThrow();
    expect(loadCompose({}).services.postgres?.environment?.POSTGRES_HOST_AUTH_METHOD).toBe("trust");
  });

  it("names the infrastructure nats and postgres, with persistent volumes and healthchecks", () => {
    const { nats, postgres } = compose.services;
    expect(nats?.image).toMatch(/^nats:2\.(1[1-9]|[2-9]\d)/);
    expect(nats?.command).toContain("--jetstream");
    expect(nats?.volumes?.[0]).toMatch(/^nats-data:/);
    expect(nats?.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:8222/healthz");
    expect(postgres?.image).toMatch(/^postgres:16/);
    expect(postgres?.volumes?.[0]).toMatch(/^postgres-data:/);
    expect(postgres?.healthcheck?.test.join(" ")).toContain("pg_isready");
    expect(Object.keys(compose.volumes)).toEqual(["nats-data", "postgres-data"]);
  });

  it("runs migrate once after NATS and Postgres are healthy, and every app after migrate succeeded", () => {
    expect(compose.services.migrate?.depends_on).toEqual({
      nats: { condition: "service_healthy" },
      postgres: { condition: "service_healthy" },
    });
    expect(compose.services.migrate?.restart).toBe("no");
    for (const app of ["ingress", "projector", "outbound", "web"]) {
      expect(compose.services[app]?.depends_on?.migrate, app).toEqual({ condition: "service_completed_successfully" });
      expect(compose.services[app]?.depends_on?.nats, app).toEqual({ condition: "service_healthy" });
    }
    for (const app of ["projector", "web"]) {
      expect(compose.services[app]?.depends_on?.postgres, app).toEqual({ condition: "service_healthy" });
    }
  });

  it("builds every process from the one Dockerfile, each with its own target", () => {
    for (const name of [...Object.keys(apps), "migrate"]) {
      expect(compose.services[name]?.build, name).toEqual({
        context: ".",
        dockerfile: "deploy/Dockerfile",
        target: name,
      });
    }
    const dockerfile = readFileSync(join(repositoryRoot, "deploy", "Dockerfile"), "utf8");
    for (const name of [...Object.keys(apps), "migrate"]) expect(dockerfile).toMatch(new RegExp(`AS ${name}\\n`));
  });

  it("checks each app's health on its own port's /readyz and keeps the simulator under the dev profile", () => {
    for (const [name, { port }] of Object.entries(apps)) {
      expect(compose.services[name]?.healthcheck?.test.slice(-2), name).toEqual([port, "/readyz"]);
      expect(compose.services[name]?.ports?.[0], name).toMatch(new RegExp(`:${port}$`));
    }
    expect(compose.services["twilio-sim"]?.profiles).toEqual(["dev"]);
    for (const name of ["nats", "postgres", "migrate", "ingress", "projector", "outbound", "web"]) {
      expect(compose.services[name]?.profiles, name).toBeUndefined();
    }
  });

  it("gives each app only variables of its env schema, all it requires, and a configuration it accepts", () => {
    for (const [name, { schema }] of Object.entries(apps)) {
      const environment = compose.services[name]?.environment ?? {};
      // The tracing set-up (kit startTracing) reads the OpenTelemetry SDK's own variable from the environment.
      const known = Object.keys(schema.shape);
      const readByProcess = [...known, ...(name === "twilio-sim" ? [] : readByTracing)];
      for (const key of Object.keys(environment)) expect(readByProcess, `${name}: ${key}`).toContain(key);
      for (const key of known) {
        const required = !schema.shape[key]!.safeParse(undefined).success;
        if (required) expect(Object.keys(environment), `${name} needs ${key}`).toContain(key);
      }
      expect(() => parseEnv(schema, environment), name).not.toThrow();
    }
  });

  it("runs two projector instances, each on a host port of its own, over the partition count the set-up fixes", () => {
    const projector = compose.services.projector;
    expect(projector?.deploy?.replicas).toBe(2);
    // A fixed host port would stop the second instance (and `--scale projector=N`) from starting.
    for (const port of projector?.ports ?? []) expect(port, port).toMatch(/^127\.0\.0\.1::\d+$/);
    expect(compose.services.migrate?.environment?.EVENT_PARTITIONS).toBe("16");
    expect(loadCompose({ EVENT_PARTITIONS: "32" }).services.migrate?.environment?.EVENT_PARTITIONS).toBe("32");
  });

  it("hands each producer its own signing key only", () => {
    const keys = ["INGRESS_SIGNING_KEY", "OUTBOUND_SIGNING_KEY", "WEB_SIGNING_KEY"];
    for (const [name, key] of [
      ["ingress", "INGRESS_SIGNING_KEY"],
      ["outbound", "OUTBOUND_SIGNING_KEY"],
      ["web", "WEB_SIGNING_KEY"],
    ] as const) {
      const present = keys.filter((candidate) => compose.services[name]?.environment?.[candidate] !== undefined);
      expect(present, name).toEqual([key]);
    }
    for (const name of ["projector", "twilio-sim", "migrate"]) {
      for (const key of keys) expect(compose.services[name]?.environment?.[key], `${name} ${key}`).toBeUndefined();
    }
  });
});
