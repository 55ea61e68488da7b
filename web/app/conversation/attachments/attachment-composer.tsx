import { checkSendableMedia, MAX_SEND_MEDIA } from "@cloudpa/contracts/media-limits";
import { Paperclip } from "lucide-react";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import { formatBytes } from "./format-bytes.ts";
import "./attachments.css";

type Attachment = {
  key: string;
  name: string;
  size: number;
  contentType: string;
  state: "uploading" | "ready" | "failed";
  mediaId?: string;
  error?: string;
};

const UPLOAD_URL = "/api/v1/messaging/media";

/** What the API's error body says, or the status. */
async function errorOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * Files for a reply (decision 021): attached by the picker, by dropping them on the page or by
 * pasting them; each checked against WhatsApp's per-type limit before it is uploaded (contracts'
 * one list, the limit named), uploaded at once to `POST /api/v1/messaging/media`, then sent
 * together (at most 10) with an optional caption through the send API, one Idempotency-Key per send.
 */
export function AttachmentComposer({ conversationId, disabled }: { conversationId: string; disabled: boolean }) {
  const [items, setItems] = useState<Attachment[]>([]);
  const [caption, setCaption] = useState("");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const sendKey = useRef(crypto.randomUUID());
  const picker = useRef<HTMLInputElement>(null);
  const count = useRef(0);
  count.current = items.length;

  function update(key: string, change: Partial<Attachment>) {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }

  async function upload(key: string, file: File) {
    const form = new FormData();
    form.set("file", file);
    try {
      const response = await fetch(UPLOAD_URL, { method: "POST", body: form, credentials: "same-origin" });
      if (response.status !== 201) return update(key, { state: "failed", error: await errorOf(response) });
      const stored = (await response.json()) as { mediaId: string };
      update(key, { state: "ready", mediaId: stored.mediaId });
    } catch {
      update(key, { state: "failed", error: "The upload did not reach Cloud PA" });
    }
  }

  function add(files: File[]) {
    const refused: string[] = [];
    const added: Attachment[] = [];
    for (const file of files) {
      if (count.current + added.length >= MAX_SEND_MEDIA) {
        refused.push(`${file.name}: at most ${MAX_SEND_MEDIA} files in one message`);
        continue;
      }
      const check = checkSendableMedia(file.type || "application/octet-stream", file.size);
      if (!check.ok) {
        refused.push(`${file.name}: ${check.message}`);
        continue;
      }
      const key = crypto.randomUUID();
      added.push({ key, name: file.name, size: file.size, contentType: file.type, state: "uploading" });
      void upload(key, file);
    }
    setRefusal(refused.length > 0 ? refused.join(" · ") : null);
    if (added.length > 0) setItems((current) => [...current, ...added]);
  }

  // Dropping files anywhere on the page or pasting them attaches them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: add reads the current count through a ref
  useEffect(() => {
    if (disabled) return;
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes("Files");
    const onDragOver = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      add(Array.from(event.dataTransfer?.files ?? []));
    };
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length === 0) return;
      event.preventDefault();
      add(files);
    };
    document.addEventListener("dragover", onDragOver);
    document.addEventListener("drop", onDrop);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("dragover", onDragOver);
      document.removeEventListener("drop", onDrop);
      document.removeEventListener("paste", onPaste);
    };
  }, [disabled]);

  function onPick(event: ChangeEvent<HTMLInputElement>) {
    add(Array.from(event.target.files ?? []));
    event.target.value = "";
  }

  async function send() {
    const ready = items.filter((item) => item.state === "ready" && item.mediaId);
    if (ready.length === 0 || sending) return;
    setSending(true);
    try {
      const response = await fetch(`/api/v1/messaging/conversations/${conversationId}/send`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", "idempotency-key": sendKey.current },
        body: JSON.stringify({
          mediaIds: ready.map((item) => item.mediaId),
          ...(caption.trim() ? { text: caption.trim() } : {}),
        }),
      });
      if (response.status !== 202) {
        setRefusal(await errorOf(response));
        return;
      }
      setItems([]);
      setCaption("");
      setRefusal(null);
      sendKey.current = crypto.randomUUID();
    } catch {
      setRefusal("The send did not reach Cloud PA; try again");
    } finally {
      setSending(false);
    }
  }

  const uploading = items.some((item) => item.state === "uploading");
  const readyCount = items.filter((item) => item.state === "ready").length;
  return (
    <section className="attachments" aria-label="Attachments">
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={onPick}
        disabled={disabled}
      />
      <button
        type="button"
        className="button ghost flush-start attach-button"
        onClick={() => picker.current?.click()}
        disabled={disabled}
        title="Attach files (or drop or paste them)"
      >
        <Paperclip className="icon" />
        Attach
      </button>
      {refusal ? (
        <p className="attachments-refusal" role="alert">
          {refusal}
        </p>
      ) : null}
      {items.length > 0 ? (
        <div className="attachments-tray">
          <ul className="attachments-list">
            {items.map((item) => (
              <li key={item.key} className={`attachment-chip ${item.state}`} data-state={item.state}>
                <span className="attachment-name">{item.name}</span>
                <span className="attachment-size">{formatBytes(item.size)}</span>
                {item.state === "uploading" ? <span className="attachment-state">uploading…</span> : null}
                {item.state === "failed" ? <span className="attachment-state">{item.error}</span> : null}
                <button
                  type="button"
                  className="attachment-remove"
                  aria-label={`Remove ${item.name}`}
                  onClick={() => setItems((current) => current.filter((other) => other.key !== item.key))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <div className="attachments-send">
            <label htmlFor="attachment-caption" className="visually-hidden">
              Caption
            </label>
            <input
              id="attachment-caption"
              type="text"
              placeholder="Add a caption (optional)"
              value={caption}
              onChange={(event) => setCaption(event.target.value)}
            />
            <button
              type="button"
              className="button primary"
              onClick={send}
              disabled={sending || uploading || readyCount === 0}
            >
              Send {readyCount === 1 ? "file" : `${readyCount} files`}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
