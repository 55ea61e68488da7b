import { useEffect, useState } from "react";

/** How long the page waits for its service worker (registered by the root on every page) to be active. */
const WORKER_WAIT_MS = 10_000;

function activeWorker(): Promise<ServiceWorkerRegistration> {
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("the service worker did not start")), WORKER_WAIT_MS),
    ),
  ]);
}

/** The fields Settings › Notifications stores for a device (its PushSubscription, RFC 8291). */
export interface SubscriptionFields {
  endpoint: string;
  p256dh: string;
  auth: string;
  [field: string]: string;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function fieldsOf(subscription: PushSubscription): SubscriptionFields | undefined {
  const json = subscription.toJSON();
  const { p256dh, auth } = json.keys ?? {};
  if (!json.endpoint || !p256dh || !auth) return undefined;
  return { endpoint: json.endpoint, p256dh, auth };
}

type State =
  | { kind: "checking" }
  | { kind: "unsupported" }
  | { kind: "denied" }
  | { kind: "ready"; endpoint: string | null }
  | { kind: "failed"; reason: string };

/**
 * The device's own part of Web Push: asks the browser's permission, subscribes its push manager
 * with the web's public key through the page's service worker (web/public/sw.js, registered by the
 * root; it shows the pushes)
 * and hands the subscription to `save`. "This device" is the listed device whose endpoint is the
 * browser's own subscription.
 */
export function PushOnThisDevice(props: {
  vapidPublicKey: string;
  listed: string[];
  busy: boolean;
  save: (subscription: SubscriptionFields) => void;
}) {
  const [state, setState] = useState<State>({ kind: "checking" });

  useEffect(() => {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      setState({ kind: "unsupported" });
      return;
    }
    if (Notification.permission === "denied") {
      setState({ kind: "denied" });
      return;
    }
    navigator.serviceWorker
      .getRegistration()
      .then((registration) => registration?.pushManager.getSubscription())
      .then((subscription) => setState({ kind: "ready", endpoint: subscription?.endpoint ?? null }))
      .catch(() => setState({ kind: "ready", endpoint: null }));
  }, []);

  async function turnOn() {
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState({ kind: "denied" });
        return;
      }
      const registration = await activeWorker();
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(props.vapidPublicKey),
        }));
      const fields = fieldsOf(subscription);
      if (!fields) throw new Error("the browser gave no keys");
      setState({ kind: "ready", endpoint: fields.endpoint });
      props.save(fields);
    } catch (error) {
      setState({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
    }
  }

  if (state.kind === "checking") return null;
  if (state.kind === "unsupported") {
    return <p className="muted">This browser cannot receive push notifications.</p>;
  }
  if (state.kind === "denied") {
    return (
      <p className="notice" role="status">
        Notifications are blocked for this site in this browser: allow them in the browser's site settings first.
      </p>
    );
  }
  const listedHere = state.kind === "ready" && state.endpoint !== null && props.listed.includes(state.endpoint);
  return (
    <div className="inline-form">
      {listedHere ? (
        <p className="muted">This device gets push notifications.</p>
      ) : (
        <button type="button" className="button" onClick={() => void turnOn()} disabled={props.busy}>
          Get notifications on this device
        </button>
      )}
      {state.kind === "failed" ? (
        <p className="form-error" role="alert">
          Push notifications could not be turned on here: {state.reason}
        </p>
      ) : null}
    </div>
  );
}
