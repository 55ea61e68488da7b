// Kubernetes manifests, checked offline: every document of deploy/k8s/*.yaml is validated
// with the JSON schemas of the Kubernetes API that the kubernetes-models package compiles
// in (no cluster, no schema download), then checked for what the deployment promises.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { repositoryRoot } from "./compose-file.ts";

const deployDir = join(repositoryRoot, "deploy");
const k8sDir = join(deployDir, "k8s");

type ModelClass = new (data: never) => { validate(): void };
const models: Record<string, ModelClass> = {
  "v1/Namespace": Namespace as unknown as ModelClass,
  "v1/ConfigMap": ConfigMap as unknown as ModelClass,
  "v1/Secret": Secret as unknown as ModelClass,
  "v1/Service": Service as unknown as ModelClass,
  "apps/v1/Deployment": Deployment as unknown as ModelClass,
  "apps/v1/StatefulSet": StatefulSet as unknown as ModelClass,
  "batch/v1/Job": Job as unknown as ModelClass,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget as unknown as ModelClass,
  "networking.k8s.io/v1/Ingress": Ingress as unknown as ModelClass,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy as unknown as ModelClass,
};

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form YAML, narrowed by the schema check first.
type Manifest = any;

function loadManifests(): { file: string; doc: Manifest }[] {
  return readdirSync(k8sDir)
    .filter((file) => file.endsWith(".yaml"))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(k8sDir, file), "utf8")).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
        return { file, doc: document.toJS() as Manifest };
      }),
    );
}

describe("Kubernetes manifests (deploy/k8s)", () => {
  const manifests = loadManifests();
  const find = (kind: string, name: string) =>
    manifests.find(({ doc }) => doc.kind === kind && doc.metadata?.name === name)?.doc;

  it("are all valid objects of the Kubernetes API", () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const { file, doc } of manifests) {
      const model = models[`${doc.apiVersion}/${doc.kind}`];
      expect(model, `${file}: ${doc.apiVersion} ${doc.kind} has no schema here`).toBeDefined();
      expect(() => new model!(doc as never).validate(), `${file}: ${doc.kind} ${doc.metadata?.name}`).not.toThrow();
    }
  });

  it("would reject a malformed object (the check is real)", () => {
    const deployment = structuredClone(find("Deployment", "ingress"));
    deployment.spec.replicas = "three";
    deployment.spec.template.spec.containers[0].ports[0].containerPort = "http";
    expect(() => new Deployment(deployment).validate()).toThrow();
  });

  it("runs ingress x3, outbound x2, web x2 and projector x3, each rolled out without going below its count", () => {
    expect(find("Deployment", "ingress").spec.replicas).toBe(3);
    expect(find("Deployment", "outbound").spec.replicas).toBe(2);
    expect(find("Deployment", "web").spec.replicas).toBe(2);
    const projector = find("Deployment", "projector");
    expect(projector.spec.replicas).toBe(3);
    // Leases keep a surplus pod standby, so a rollout may add one before it removes one.
    expect(projector.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
  });

  it("fixes the partition count in the ConfigMap that the migrate Job and every process read, with no more projectors than partitions", () => {
    const config = find("ConfigMap", "cloudpa-config").data;
    const partitions = Number(config.EVENT_PARTITIONS);
    expect(Number.isInteger(partitions) && partitions >= 1, `EVENT_PARTITIONS=${config.EVENT_PARTITIONS}`).toBe(true);
    expect(partitions).toBe(16);
    const projector = find("Deployment", "projector");
    expect(projector.spec.replicas).toBeLessThanOrEqual(partitions);
    for (const workload of [find("Job", "cloudpa-migrate"), projector]) {
      const container = workload.spec.template.spec.containers[0];
      expect(container.envFrom, workload.metadata.name).toContainEqual({ configMapRef: { name: "cloudpa-config" } });
      // The ConfigMap's value is the only one: nothing overrides it per workload.
      const names = (container.env ?? []).map((variable: Manifest) => variable.name);
      expect(names, workload.metadata.name).not.toContain("EVENT_PARTITIONS");
    }
  });

  it("probes liveness on /healthz and readiness on /readyz, within the 200 MB memory budget", () => {
    for (const name of ["ingress", "projector", "outbound", "web"]) {
      const container = find("Deployment", name).spec.template.spec.containers[0];
      expect(container.livenessProbe.httpGet.path, name).toBe("/healthz");
      expect(container.readinessProbe.httpGet.path, name).toBe("/readyz");
      expect(container.resources.requests.memory, name).toBe("200Mi");
      expect(Number.parseInt(container.resources.limits.memory, 10), name).toBeLessThanOrEqual(320);
      expect(container.securityContext.allowPrivilegeEscalation, name).toBe(false);
      expect(find("Deployment", name).spec.template.spec.securityContext.runAsNonRoot, name).toBe(true);
    }
  });

  it("keeps two ingress pods through voluntary disruptions and a NATS quorum through drains", () => {
    const ingress = find("PodDisruptionBudget", "ingress");
    expect(ingress.spec.minAvailable).toBe(2);
    expect(ingress.spec.selector.matchLabels).toEqual(find("Deployment", "ingress").spec.selector.matchLabels);
    expect(find("PodDisruptionBudget", "nats").spec.maxUnavailable).toBe(1);
  });

  it("keeps two projector instances holding partitions through voluntary disruptions", () => {
    const projector = find("PodDisruptionBudget", "projector");
    expect(projector.spec.minAvailable).toBe(2);
    expect(projector.spec.minAvailable).toBeLessThan(find("Deployment", "projector").spec.replicas);
    expect(projector.spec.selector.matchLabels).toEqual(find("Deployment", "projector").spec.selector.matchLabels);
  });

  it("takes every secret from keys the Secret template defines, each process only its own signing key", () => {
    const secrets = manifests.filter(({ doc }) => doc.kind === "Secret").map(({ doc }) => doc);
    const keysOf = (name: string) => Object.keys(secrets.find((secret) => secret.metadata.name === name)?.stringData);
    for (const { doc } of manifests.filter(({ doc }) => ["Deployment", "Job"].includes(doc.kind))) {
      for (const variable of doc.spec.template.spec.containers[0].env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) expect(keysOf(ref.name), `${doc.metadata.name} ${variable.name}`).toContain(ref.key);
      }
    }
    const signing = (name: string) =>
      find("Deployment", name)
        .spec.template.spec.containers[0].env.map((variable: Manifest) => variable.name)
        .filter((variable: string) => variable.endsWith("_SIGNING_KEY"));
    expect(signing("ingress")).toEqual(["INGRESS_SIGNING_KEY"]);
    expect(signing("outbound")).toEqual(["OUTBOUND_SIGNING_KEY"]);
    expect(signing("web")).toEqual(["WEB_SIGNING_KEY"]);
    expect(signing("projector")).toEqual([]);
    expect(keysOf("nats-auth")).toEqual(
      expect.arrayContaining(["NATS_INGRESS_PASSWORD", "NATS_PROJECTOR_PASSWORD", "NATS_OUTBOUND_PASSWORD"]),
    );
  });

  it("gives the web the projector's keyring, so the operator's admin pages can verify events", () => {
    const keyring = (name: string) =>
      find("Deployment", name).spec.template.spec.containers[0].env.find(
        (variable: Manifest) => variable.name === "EVENT_PUBLIC_KEYS",
      );
    expect(keyring("web")).toBeDefined();
    expect(keyring("web")).toEqual(keyring("projector"));
  });

  it("makes streams R3 and runs NATS as a 3-node StatefulSet", () => {
    expect(find("ConfigMap", "cloudpa-config").data.STREAM_REPLICAS).toBe("3");
    const nats = find("StatefulSet", "nats");
    expect(nats.spec.replicas).toBe(3);
    expect(nats.spec.serviceName).toBe("nats-cluster");
    const conf = readFileSync(join(deployDir, "nats", "nats-k8s.conf"), "utf8");
    for (const pod of ["nats-0", "nats-1", "nats-2"]) expect(conf).toContain(`${pod}.nats-cluster:6222`);
  });

  it("routes Twilio's webhooks to the ingress and everything else to the web", () => {
    const paths = find("Ingress", "cloudpa").spec.rules[0].http.paths;
    expect(paths).toEqual([
      expect.objectContaining({
        path: "/api/v1/messaging/webhook",
        backend: { service: { name: "ingress", port: { name: "http" } } },
      }),
      expect.objectContaining({ path: "/", backend: { service: { name: "web", port: { name: "http" } } } }),
    ]);
  });

  it("keeps the web's /metrics off the public route: its metrics port is a container port the Service does not expose", () => {
    const container = find("Deployment", "web").spec.template.spec.containers[0];
    const metrics = container.ports.find((port: Manifest) => port.name === "metrics");
    expect(metrics?.containerPort).toBe(9464);
    expect(container.env).toContainEqual({ name: "WEB_METRICS_PORT", value: String(metrics?.containerPort) });
    const servicePorts = find("Service", "web").spec.ports;
    expect(servicePorts.map((port: Manifest) => port.targetPort)).toEqual(["http"]);
    expect(servicePorts.map((port: Manifest) => port.port)).not.toContain(9464);
  });

  it("lists in the kustomization every manifest but the secrets template, and the NATS config files", () => {
    const kustomization = readFileSync(join(deployDir, "kustomization.yaml"), "utf8");
    for (const file of readdirSync(k8sDir).filter((name) => name !== "secrets.example.yaml")) {
      expect(kustomization, file).toContain(`k8s/${file}`);
    }
    for (const file of ["nats/nats-k8s.conf", "nats/auth.conf"]) {
      expect(kustomization).toContain(file);
      expect(existsSync(join(deployDir, file)), file).toBe(true);
    }
  });
});
