import { isPushServiceEndpoint, isUuid } from "@cloudpa/contracts";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { deviceName } from "#app/accounts/device-name.ts";
import { CsrfInput } from "#app/components/csrf-input";
import { PushOnThisDevice } from "#app/components/push-on-this-device";
import { ShortTime } from "#app/components/time";
import { done, refused } from "#app/forms/action-outcome.server.ts";
import { ActionOutcomeMessage } from "#app/forms/action-outcome.tsx";
import { notificationSettingsOf, saveNotificationSettings } from "#app/notifications/notification-settings.server.ts";
import { notificationSettingsOfForm } from "#app/notifications/notification-settings.ts";
import { pushDeviceNameSchema, pushSubscriptionInputSchema } from "#app/notifications/push-subscription-input.ts";
import {
  listPushDevices,
  removePushDevice,
  renamePushDevice,
  savePushSubscription,
} from "#app/notifications/push-subscriptions.server.ts";
import { useRootData } from "#app/root";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const [settings, devices] = await Promise.all([
    notificationSettingsOf(web.db, account.userId),
    listPushDevices(web.db, account),
  ]);
  return {
    settings,
    devices,
    /** The browser subscribes with it; null when the web has no Web Push key (pushes are off). */
    vapidPublicKey: web.env.WEB_PUSH_VAPID_PRIVATE_KEY?.publicKey ?? null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const intent = form.get("intent");
  if (intent === "save") {
    await saveNotificationSettings(web.db, account.userId, notificationSettingsOfForm(form));
    return done("Notification settings saved.", { about: "alerts" as const });
  }
  // The devices' answers show in their card, below the first one (on a phone, far below it).
  const devices = { about: "devices" as const };
  if (intent === "subscribe") {
    const input = pushSubscriptionInputSchema.safeParse({
      endpoint: form.get("endpoint"),
      keys: { p256dh: form.get("p256dh"), auth: form.get("auth") },
    });
    if (!input.success) {
      return refused(input.error.issues[0]?.message ?? "Not a push subscription.", 400, devices);
    }
    if (!isPushServiceEndpoint(input.data.endpoint, web.env.WEB_PUSH_SERVICE_HOSTS)) {
      web.logger.warn("push subscription refused: endpoint not at an allowed push service", {
        orgId: account.orgId,
        userId: account.userId,
        host: new URL(input.data.endpoint).host,
      });
      return refused(
        "This browser's push service is not one Cloud PA sends to (WEB_PUSH_SERVICE_HOSTS).",
        400,
        devices,
      );
    }
    const id = await savePushSubscription(web.db, account, input.data, deviceName(request.headers.get("user-agent")));
    web.logger.info("push subscription saved", { orgId: account.orgId, userId: account.userId, subscriptionId: id });
    return done("This device gets a notification for each new message.", devices);
  }
  const id = form.get("id");
  if (!isUuid(id)) return refused("That is not a device.", 400, devices);
  if (intent === "rename") {
    const name = pushDeviceNameSchema.safeParse(form.get("name") ?? "");
    if (!name.success) return refused(name.error.issues[0]?.message ?? "Bad name", 400, devices);
    if (!(await renamePushDevice(web.db, account, id, name.data))) {
      return refused("That device is no longer listed.", 404, devices);
    }
    return done("Device renamed.", devices);
  }
  if (intent === "remove") {
    if (!(await removePushDevice(web.db, account, id))) {
      return refused("That device is no longer listed.", 404, devices);
    }
    web.logger.info("push subscription removed", { orgId: account.orgId, userId: account.userId, subscriptionId: id });
    return done("That device gets no more notifications.", devices);
  }
  return refused("Unknown action.", 400, devices);
}

export default function NotificationSettingsPage() {
  const { settings, devices, vapidPublicKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // The subscription is posted as the page's other forms are, so the latest answer is the one shown.
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const csrf = useRootData()?.csrf ?? "";
  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">In an open tab</h2>
        <p className="muted">How an open inbox tells you of a new customer message.</p>
        <ActionOutcomeMessage outcome={result?.about === "alerts" ? result : undefined} />
        <Form method="post" className="stacked-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="save" />
          <label className="checkbox">
            <input type="checkbox" name="unreadBadge" defaultChecked={settings.unreadBadge} /> Unread count in the tab's
            title and icon
          </label>
          <label className="checkbox">
            <input type="checkbox" name="sound" defaultChecked={settings.sound} /> Play a sound
          </label>
          <label className="checkbox">
            <input type="checkbox" name="desktop" defaultChecked={settings.desktop} /> Desktop notification while you
            are in another tab or app
          </label>
          <label className="checkbox">
            <input type="checkbox" name="pushPreview" defaultChecked={settings.pushPreview} /> Show the message's text
            in notifications (off: only who wrote)
          </label>
          <button type="submit" className="button">
            Save
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="devices-heading">
        <h2 id="devices-heading">With no tab open</h2>
        <p className="muted">
          Each device you turn on here gets a push notification for every new customer message, even with Cloud PA
          closed. A tap opens the conversation.
        </p>
        <ActionOutcomeMessage outcome={result?.about === "devices" ? result : undefined} />
        {vapidPublicKey ? (
          <PushOnThisDevice
            vapidPublicKey={vapidPublicKey}
            listed={devices.map((device) => device.endpoint)}
            busy={busy}
            save={(subscription) =>
              submit({ intent: "subscribe", csrf, ...subscription }, { method: "post", replace: true })
            }
          />
        ) : (
          <p className="notice" role="status">
            Push notifications are off on this server (no WEB_PUSH_VAPID_PRIVATE_KEY).
          </p>
        )}
        {devices.length === 0 ? (
          <p className="muted">No device gets push notifications yet.</p>
        ) : (
          <ul className="channel-list" aria-label="Devices">
            {devices.map((device) => (
              <li key={device.id} className="channel" data-endpoint={device.endpoint}>
                <div className="session-device">
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="rename" />
                    <input type="hidden" name="id" value={device.id} />
                    <label className="field grow">
                      <span className="visually-hidden">Name of {device.name}</span>
                      <input type="text" name="name" defaultValue={device.name} maxLength={80} required />
                    </label>
                    <button type="submit" className="button small">
                      Rename
                    </button>
                  </Form>
                  <p className="muted small">
                    Added <ShortTime value={device.createdAt} />
                    {device.lastPushedAt ? (
                      <>
                        {" "}
                        · last notified <ShortTime value={device.lastPushedAt} />
                      </>
                    ) : null}
                  </p>
                </div>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="id" value={device.id} />
                  <button type="submit" className="button danger small" aria-label={`Remove ${device.name}`}>
                    Remove
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
