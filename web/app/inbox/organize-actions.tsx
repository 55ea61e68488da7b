import { Form, useFetcher } from "@remix-run/react";
import { type ButtonHTMLAttributes, type FormEvent, type KeyboardEvent, useRef, useState } from "react";
import { ClockTime } from "#app/components/time";
import { mutedAt } from "./muted-at.ts";
import type { OrganizeAction } from "./organize.server.ts";

interface Organized {
  id: string;
  pinned: boolean;
  muted: boolean;
  mutedUntil: Date | string | null;
  snoozedUntil: Date | string | null;
  archivedAt: Date | string | null;
}

/** A snooze's quick choices: in an hour, tomorrow at 9:00, next Monday at 9:00 (the browser's own time zone). */
function snoozeChoices(now: Date): { label: string; until: Date }[] {
  const inAnHour = new Date(now.getTime() + 3_600_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now);
  monday.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7));
  monday.setHours(9, 0, 0, 0);
  return [
    { label: "In 1 hour", until: inAnHour },
    { label: "Tomorrow 9:00", until: tomorrow },
    { label: "Next Monday 9:00", until: monday },
  ];
}

/** A mute's choices, WhatsApp's: 8 hours, a week, or until unmuted (no end). */
function muteChoices(now: Date): { label: string; until: Date | null }[] {
  return [
    { label: "8 hours", until: new Date(now.getTime() + 8 * 3_600_000) },
    { label: "1 week", until: new Date(now.getTime() + 7 * 86_400_000) },
    { label: "Always", until: null },
  ];
}

/**
 * A state's switch in the organize form (Pin / Unpin, Mute / Unmute): it posts the intent that turns
 * the state the other way, named by it ("unpin": Unpin), and is pressed while the state is on.
 */
function ToggleIntent({
  on,
  turnOn,
  turnOff,
  busy,
  ...button
}: {
  on: boolean;
  turnOn: OrganizeAction;
  turnOff: OrganizeAction;
  busy: boolean;
} & ButtonHTMLAttributes<HTMLButtonElement>) {
  const intent = on ? turnOff : turnOn;
  return (
    <button
      {...button}
      type="submit"
      name="intent"
      value={intent}
      className="button ghost small"
      aria-pressed={on}
      disabled={busy}
    >
      {intent.charAt(0).toUpperCase() + intent.slice(1)}
    </button>
  );
}

/**
 * The conversation header's archive, snooze, pin, mute and mark unread (issue 15): each posts its intent
 * to the conversation's action, which appends the event; the view follows once it is projected.
 * Mark unread goes back to the list as well (a conversation left open is read): `listSearch` is that
 * list's part of the address (list-params.ts).
 */
export function OrganizeActions({
  conversation,
  csrf,
  now,
  listSearch,
}: {
  conversation: Organized;
  csrf: string;
  now: Date;
  listSearch: string;
}) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>({ key: `organize-${conversation.id}` });
  const [snoozing, setSnoozing] = useState(false);
  const [muting, setMuting] = useState(false);
  const muted = mutedAt(conversation, now);
  const muteButtonId = `mute-button-${conversation.id}`;
  const [until, setUntil] = useState("");
  const snoozeButton = useRef<HTMLButtonElement>(null);
  const busy = fetcher.state !== "idle";
  const snoozed = conversation.snoozedUntil !== null && new Date(conversation.snoozedUntil).getTime() > now.getTime();
  const post = (fields: Record<string, string>) =>
    fetcher.submit({ ...fields, csrf }, { method: "post", action: `/inbox/${conversation.id}` });

  function snoozeUntil(date: Date) {
    post({ intent: "snooze", until: date.toISOString() });
    setSnoozing(false);
  }
  function onSnoozeSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // datetime-local is the browser's local time: the Date made from it carries the offset.
    const date = new Date(until);
    if (!Number.isNaN(date.getTime())) snoozeUntil(date);
  }
  function muteUntil(date: Date | null) {
    post(date ? { intent: "mute", until: date.toISOString() } : { intent: "mute" });
    setMuting(false);
  }
  // Escape closes the mute choices and gives the focus back to Mute, as a menu does.
  function onMuteKeyDown(event: KeyboardEvent) {
    if (event.key !== "Escape") return;
    setMuting(false);
    document.getElementById(muteButtonId)?.focus();
  }
  // Escape closes the snooze choices and gives the focus back to Snooze, as a menu does.
  function onSnoozeKeyDown(event: KeyboardEvent) {
    if (event.key !== "Escape") return;
    setSnoozing(false);
    snoozeButton.current?.focus();
  }

  return (
    <div className="organize-actions">
      {conversation.archivedAt ? <span className="chip status-chip">Archived</span> : null}
      {muted ? (
        <span className="chip status-chip">
          {conversation.mutedUntil ? (
            <>
              Muted until <ClockTime value={conversation.mutedUntil} />
            </>
          ) : (
            "Muted"
          )}
        </span>
      ) : null}
      {snoozed && conversation.snoozedUntil ? (
        <span className="chip status-chip">
          Snoozed until <ClockTime value={conversation.snoozedUntil} />
        </span>
      ) : null}
      {/* A form, not a click handler: a tap before the page's scripts have loaded still posts. */}
      <fetcher.Form method="post" action={`/inbox/${conversation.id}`} className="organize-form">
        <input type="hidden" name="csrf" value={csrf} />
        <ToggleIntent on={conversation.pinned} turnOn="pin" turnOff="unpin" busy={busy} />
        <button
          type="submit"
          name="intent"
          value={conversation.archivedAt ? "unarchive" : "archive"}
          className="button ghost small"
          disabled={busy}
        >
          {conversation.archivedAt ? "Unarchive" : "Archive"}
        </button>
        {/* WhatsApp's "Mute notifications": no push, sound or desktop notification for its messages. */}
        {/* Unscripted, Mute submits (until unmuted); with scripts it opens its choices instead. */}
        <ToggleIntent
          id={muteButtonId}
          on={muted}
          turnOn="mute"
          turnOff="unmute"
          busy={busy}
          {...(muted
            ? {}
            : {
                "aria-expanded": muting,
                "aria-controls": `mute-${conversation.id}`,
                onClick: (event) => {
                  event.preventDefault();
                  setMuting((open) => !open);
                },
              })}
        />
      </fetcher.Form>
      <button
        ref={snoozeButton}
        type="button"
        className="button ghost small"
        aria-expanded={snoozing}
        aria-controls={`snooze-${conversation.id}`}
        disabled={busy}
        onClick={() => setSnoozing((open) => !open)}
      >
        Snooze
      </button>
      <Form method="post" action={`/inbox/${conversation.id}${listSearch}`} className="organize-form">
        <input type="hidden" name="csrf" value={csrf} />
        {/* then back to the list: left open, it would be read again at once */}
        <input type="hidden" name="leave" value="1" />
        <button type="submit" name="intent" value="mark-unread" className="button ghost small" disabled={busy}>
          Mark unread
        </button>
      </Form>
      {muting && !muted ? (
        <fieldset className="organize-choices" id={`mute-${conversation.id}`} onKeyDown={onMuteKeyDown}>
          <legend className="visually-hidden">Mute notifications for</legend>
          {muteChoices(now).map((choice) => (
            <button key={choice.label} type="button" className="button small" onClick={() => muteUntil(choice.until)}>
              {choice.label}
            </button>
          ))}
        </fieldset>
      ) : null}
      {snoozing ? (
        <fieldset className="organize-choices" id={`snooze-${conversation.id}`} onKeyDown={onSnoozeKeyDown}>
          <legend className="visually-hidden">Snooze until</legend>
          {snoozeChoices(now).map((choice) => (
            <button key={choice.label} type="button" className="button small" onClick={() => snoozeUntil(choice.until)}>
              {choice.label}
            </button>
          ))}
          <form onSubmit={onSnoozeSubmit} className="snooze-custom">
            <label htmlFor={`snooze-until-${conversation.id}`}>Until</label>
            <input
              id={`snooze-until-${conversation.id}`}
              type="datetime-local"
              required
              value={until}
              onChange={(event) => setUntil(event.target.value)}
            />
            <button type="submit" className="button small">
              Snooze until then
            </button>
          </form>
        </fieldset>
      ) : null}
      {fetcher.data && !fetcher.data.ok ? (
        <span className="form-error" role="alert">
          {fetcher.data.error ?? "That did not work"}
        </span>
      ) : null}
    </div>
  );
}
