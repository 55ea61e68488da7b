import { useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { NotificationSettings } from "#app/notifications/notification-settings.ts";
import { shownUnreadCount } from "#app/notifications/unread-badge.ts";

/** What the inbox's loader gives the page (app/notifications/new-message-alerts.server.ts). */
export interface PageAlerts {
  unreadConversations: number;
  latest: { id: string; conversationId: string; sender: string; preview: string }[];
}

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** "(3) Inbox · Cloud PA": the title with the unread count in front, at most "99+" (the loader counts no further). */
export function withUnreadCount(title: string, alerts: Pick<PageAlerts, "unreadConversations">): string {
  const bare = title.replace(COUNT_PREFIX, "");
  const n = alerts.unreadConversations;
  return n > 0 ? `(${shownUnreadCount(n)}) ${bare}` : bare;
}

/** The count the title and the favicon show: the unread conversations, or none when the user turned it off. */
export function unreadBadgeCount(
  page:
    | { alerts: Pick<PageAlerts, "unreadConversations">; notify: Pick<NotificationSettings, "unreadBadge"> }
    | undefined,
): number {
  return page?.notify.unreadBadge ? page.alerts.unreadConversations : 0;
}

/** Whoever looks elsewhere: the tab hidden, or the window without focus. */
function lookingAway(): boolean {
  return document.visibilityState !== "visible" || !document.hasFocus();
}

let audio: AudioContext | undefined;
/** A short two-note tone (Web Audio: no file to load). The browser may refuse it until the page had a click. */
function chime(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
    const start = audio.currentTime;
    for (const [at, frequency] of [
      [0, 880],
      [0.12, 1320],
    ] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.15, start + at);
      gain.gain.exponentialRampToValueAtTime(0.001, start + at + 0.25);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + at);
      tone.stop(start + at + 0.25);
    }
  } catch {
    // No audio on this device: the other alerts still run.
  }
}

/**
 * Never miss a message in an open tab (issue 15): the unread count in the title, and for each new
 * customer message a tone and a desktop notification, each as the user chose in Settings ›
 * Notifications. (The favicon's badge is the root document's, from the inbox route's `handle`:
 * app/components/favicon.ts.) New messages are the latest ones the inbox's loader reports
 * (it revalidates with every live change) that this page had not seen; those of the first load
 * were there before the page and are not announced. A notification is shown only while the user
 * looks elsewhere (tab hidden, window unfocused); its tag is the message's id, the same as the
 * push of that message, so the two replace each other. A click opens the conversation.
 */
export function useNewMessageAlerts(alerts: PageAlerts, settings: NotificationSettings): void {
  const navigate = useNavigate();
  const seen = useRef<Set<string> | null>(null);

  // After every render: a child route's title (a conversation's name) gets the count in front too.
  useEffect(() => {
    const wanted = withUnreadCount(document.title, {
      unreadConversations: unreadBadgeCount({ alerts, notify: settings }),
    });
    if (document.title !== wanted) document.title = wanted;
  });

  // Browsers let a page play sound once it was clicked: the first click readies the tone.
  useEffect(() => {
    if (!settings.sound) return;
    const ready = () => {
      try {
        audio ??= new AudioContext();
        void audio.resume();
      } catch {
        // No audio on this device.
      }
    };
    window.addEventListener("pointerdown", ready, { once: true });
    return () => window.removeEventListener("pointerdown", ready);
  }, [settings.sound]);

  useEffect(() => {
    if (seen.current === null) {
      seen.current = new Set(alerts.latest.map((message) => message.id));
      return;
    }
    const fresh = alerts.latest.filter((message) => !seen.current?.has(message.id)).reverse();
    for (const message of fresh) seen.current.add(message.id);
    if (fresh.length === 0) return;
    const away = lookingAway();
    const here = (conversationId: string) => window.location.pathname === `/inbox/${conversationId}`;
    if (settings.sound && (away || fresh.some((message) => !here(message.conversationId)))) chime();
    if (!settings.desktop || !away || !("Notification" in window) || Notification.permission !== "granted") return;
    for (const message of fresh) {
      const shown = new Notification(message.sender, { body: message.preview, tag: message.id });
      shown.onclick = () => {
        window.focus();
        navigate(`/inbox/${message.conversationId}`);
        shown.close();
      };
    }
  }, [alerts.latest, settings.sound, settings.desktop, navigate]);
}
