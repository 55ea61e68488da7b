// The `observe` profile of docker-compose.yml, checked without a Docker engine: its services,
// that every file it mounts exists, its ports, and that the collector, Prometheus and Grafana
// configurations in deploy/observe/ point at what compose really runs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ComposeService, loadCompose, repositoryRoot } from "./compose-file.ts";

const compose = loadCompose({});
const observe = ["otel-collector", "jaeger", "prometheus", "grafana"];
/** The port each app serves /metrics on: the web's own metrics port, not its public one. */
const apps: Record<string, string> = { ingress: "3001", projector: "3003", outbound: "3004", web: "9464" };
const observeDir = join(repositoryRoot, "deploy", "observe");
const readYaml = (path: string) => parse(readFileSync(path, "utf8"));

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** `./host/path:/container/path[:ro]` bind mounts of a service. */
function bindMounts(name: string): { source: string; target: string; mode?: string }[] {
  return (service(name).volumes ?? [])
    .filter((volume) => volume.startsWith("./"))
    .map((volume) => {
      const [source = "", target = "", mode] = volume.split(":");
      return { source: join(repositoryRoot, source), target, ...(mode ? { mode } : {}) };
    });
}

/** The file mounted at a container path (or inside a mounted directory). */
function mountedFile(name: string, containerPath: string): string {
  for (const mount of bindMounts(name)) {
    if (containerPath === mount.target) return mount.source;
    if (containerPath.startsWith(`${mount.target}/`))
      return join(mount.source, containerPath.slice(mount.target.length));
  }
  throw new Error(`${name} mounts nothing at ${containerPath}`);
}

/** Host port → container port of every published port, as `127.0.0.1:host:container`. */
function publishedPorts(name: string): { host: string; hostPort: string; containerPort: string }[] {
  return (service(name).ports ?? []).map((port) => {
    const [host = "", hostPort = "", containerPort = ""] = port.split(":");
    return { host, hostPort, containerPort };
  });
}

const endpointPort = (endpoint: string) => endpoint.split(":").at(-1);

describe("docker-compose.yml observe profile", () => {
  it("runs the collector, Jaeger, Prometheus and Grafana only under the observe profile, from pinned images", () => {
    for (const name of observe) {
      expect(service(name).profiles, name).toEqual(["observe"]);
      expect(service(name).image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
    expect(
      Object.entries(compose.services)
        .filter(([, candidate]) => candidate.profiles?.includes("observe"))
        .map(([name]) => name),
    ).toEqual(observe);
    // The product starts without the profile: no app waits for any of them.
    for (const app of Object.keys(apps)) {
      for (const dependency of Object.keys(service(app).depends_on ?? {}))
        expect(observe, app).not.toContain(dependency);
    }
  });

  it("mounts only files and folders of deploy/observe/ that exist, read-only", () => {
    for (const name of observe.filter((candidate) => candidate !== "jaeger")) {
      const mounts = bindMounts(name);
      expect(mounts.length, name).toBeGreaterThan(0);
      for (const mount of mounts) {
        expect(existsSync(mount.source), `${name}: ${mount.source}`).toBe(true);
        expect(mount.source.startsWith(`${observeDir}/`), `${name}: ${mount.source}`).toBe(true);
        expect(mount.mode, `${name}: ${mount.target}`).toBe("ro");
      }
    }
    // Every file in deploy/observe/ is used by one of them.
    const mounted = observe.flatMap((name) => (name === "jaeger" ? [] : bindMounts(name).map((mount) => mount.source)));
    const files = readdirSync(observeDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((file) => !file.endsWith(".md"));
    for (const file of files)
      expect(
        mounted.some((source) => file.startsWith(source)),
        file,
      ).toBe(true);
  });

  it("publishes each UI and the OTLP ports on 127.0.0.1 only, with no host port used twice in the file", () => {
    expect(publishedPorts("otel-collector").map((port) => port.containerPort)).toEqual(["4317", "4318"]);
    expect(publishedPorts("jaeger").map((port) => port.containerPort)).toEqual(["16686"]);
    expect(publishedPorts("prometheus").map((port) => port.containerPort)).toEqual(["9090"]);
    expect(publishedPorts("grafana").map((port) => port.containerPort)).toEqual(["3000"]);
    for (const name of observe) for (const port of publishedPorts(name)) expect(port.host, name).toBe("127.0.0.1");
    const hostPorts = Object.keys(compose.services).flatMap((name) =>
      publishedPorts(name).map((port) => port.hostPort),
    );
    expect(new Set(hostPorts).size, hostPorts.join(" ")).toBe(hostPorts.length);
  });

  it("hands every app the OTLP endpoint, empty unless set, and the documented value reaches the collector's OTLP/HTTP port", () => {
    for (const app of Object.keys(apps)) {
      expect(service(app).environment?.OTEL_EXPORTER_OTLP_ENDPOINT, app).toBe("");
    }
    const set = loadCompose({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4318" });
    for (const app of Object.keys(apps)) {
      const endpoint = new URL(set.services[app]?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT ?? "");
      expect(Object.keys(compose.services), app).toContain(endpoint.hostname);
      expect(endpoint.port).toBe("4318");
    }
    const collector = readYaml(mountedFile("otel-collector", "/etc/otelcol-contrib/config.yaml"));
    expect(service("otel-collector").command).toEqual(["--config=/etc/otelcol-contrib/config.yaml"]);
    expect(endpointPort(collector.receivers.otlp.protocols.http.endpoint)).toBe("4318");
    expect(endpointPort(collector.receivers.otlp.protocols.grpc.endpoint)).toBe("4317");
  });

  it("sends the collector's traces to Jaeger over OTLP", () => {
    const collector = readYaml(mountedFile("otel-collector", "/etc/otelcol-contrib/config.yaml"));
    const pipeline = collector.service.pipelines.traces;
    expect(pipeline.receivers).toEqual(["otlp"]);
    for (const exporter of pipeline.exporters) expect(Object.keys(collector.exporters)).toContain(exporter);
    for (const processor of pipeline.processors) expect(Object.keys(collector.processors)).toContain(processor);
    const jaegerExporter = collector.exporters[pipeline.exporters[0]];
    expect(jaegerExporter.endpoint).toBe("jaeger:4317");
    expect(service("jaeger").environment?.COLLECTOR_OTLP_ENABLED).toBe("true");
  });

  it("scrapes every app's /metrics on the port compose gives it, and loads the mounted alert rules", () => {
    const prometheus = readYaml(mountedFile("prometheus", "/etc/prometheus/prometheus.yml"));
    expect(service("prometheus").command).toContain("--config.file=/etc/prometheus/prometheus.yml");
    // A fixed target, or (for an app compose runs several of) every address of its service name.
    type ScrapeJob = {
      metrics_path?: string;
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: { names: string[]; type: string; port: number }[];
    };
    const targets = prometheus.scrape_configs.flatMap((job: ScrapeJob) => {
      expect(job.metrics_path ?? "/metrics").toBe("/metrics");
      const byDns = (job.dns_sd_configs ?? []).flatMap((config) => {
        expect(config.type).toBe("A");
        return config.names.map((name) => `${name}:${config.port}`);
      });
      return [...(job.static_configs ?? []).flatMap((config) => config.targets), ...byDns];
    });
    expect(
      prometheus.scrape_configs.find((job: { job_name: string }) => job.job_name === "projector").dns_sd_configs,
    ).toBeDefined();
    expect(targets.sort()).toEqual(
      Object.entries(apps)
        .map(([app, port]) => `${app}:${port}`)
        .sort(),
    );
    for (const [app, port] of Object.entries(apps)) {
      // The port the process listens on (its *_PORT variable) is the one published and scraped.
      expect(
        publishedPorts(app).map((published) => published.containerPort),
        app,
      ).toContain(port);
      expect(Object.values(service(app).environment ?? {}), app).toContain(port);
    }
    expect(prometheus.rule_files.length).toBeGreaterThan(0);
    for (const rules of prometheus.rule_files) {
      const file = mountedFile("prometheus", rules);
      expect(readYaml(file).groups.length, rules).toBeGreaterThan(0);
    }
  });

  it("provisions Grafana with the Prometheus and Jaeger of this file and the dashboards folder it mounts", () => {
    const grafana = "grafana";
    const datasources = readYaml(mountedFile(grafana, "/etc/grafana/provisioning/datasources/datasources.yaml"))
      .datasources as { uid: string; type: string; url: string }[];
    expect(datasources.map((source) => [source.type, source.url])).toEqual([
      ["prometheus", "http://prometheus:9090"],
      ["jaeger", "http://jaeger:16686"],
    ]);
    expect(publishedPorts("prometheus")[0]?.containerPort).toBe("9090");
    expect(publishedPorts("jaeger")[0]?.containerPort).toBe("16686");
    const providers = readYaml(mountedFile(grafana, "/etc/grafana/provisioning/dashboards/dashboards.yaml")).providers;
    const dashboardsDir = mountedFile(grafana, providers[0].options.path);
    const dashboards = readdirSync(dashboardsDir).filter((file) => file.endsWith(".json"));
    expect(dashboards.length).toBeGreaterThan(0);
    const uids = new Set(datasources.map((source) => source.uid));
    for (const file of dashboards) {
      const text = readFileSync(join(dashboardsDir, file), "utf8");
      for (const match of text.matchAll(/"uid":\s*"([^"]+)"/g)) {
        const uid = match[1] ?? "";
        if (uid !== JSON.parse(text).uid) expect(uids, `${file}: datasource ${uid}`).toContain(uid);
      }
    }
    const home = service(grafana).environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? "";
    expect(existsSync(mountedFile(grafana, home)), home).toBe(true);
  });
});
