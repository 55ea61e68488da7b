import { FileText, Maximize2 } from "lucide-react";
import { useState } from "react";
import { formatBytes } from "./format-bytes.ts";
import "./attachments.css";

interface MediaItemView {
  url: string;
  contentType: string;
  mediaId?: string;
  size?: number;
  name?: string;
}

/** A document's type as a reader knows it: PDF, Word, Excel… */
function typeLabelOf(contentType: string): string {
  if (contentType === "application/pdf") return "PDF";
  if (/wordprocessingml|msword/.test(contentType)) return "Word document";
  if (/spreadsheetml|ms-excel/.test(contentType)) return "Excel spreadsheet";
  if (/presentationml|ms-powerpoint/.test(contentType)) return "PowerPoint presentation";
  if (contentType.startsWith("text/vcard")) return "Contact card";
  return contentType;
}

/**
 * A message's media (decision 021): images and video inline, opened large in a lightbox; audio
 * (voice notes) with a player; documents as a card with name, type, size and a download. Served
 * by `/media/<message>/<index>`: the kept copy once there is one, else Twilio's through the proxy.
 */
export function MessageMedia({
  messageId,
  media,
  sticker = false,
}: {
  messageId: string;
  media: MediaItemView[];
  /** A WhatsApp sticker: drawn at a sticker's size, as itself, not as a photo to enlarge. */
  sticker?: boolean;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const srcOf = (index: number) => `/media/${messageId}/${index}`;
  const shown = open === null ? undefined : media[open];
  return (
    <div className="media">
      {media.map((item, index) => {
        const key = item.mediaId ?? `${item.url}#${index}`;
        const label = item.name ?? `Attachment ${index + 1}`;
        if (sticker && item.contentType.startsWith("image/"))
          return <img key={key} className="sticker" src={srcOf(index)} alt="Sticker" width={128} height={128} />;
        if (item.contentType.startsWith("image/"))
          return (
            <button
              key={key}
              type="button"
              className="media-thumb"
              onClick={() => setOpen(index)}
              aria-label={`Open ${label}`}
            >
              <img src={srcOf(index)} alt={label} loading="lazy" />
            </button>
          );
        if (item.contentType.startsWith("video/"))
          return (
            <div key={key} className="media-video">
              {/* biome-ignore lint/a11y/useMediaCaption: a customer's or freelancer's own clip has no captions */}
              <video src={srcOf(index)} controls preload="metadata" />
              <button
                type="button"
                className="media-enlarge"
                onClick={() => setOpen(index)}
                aria-label={`Enlarge ${label}`}
              >
                <Maximize2 className="icon" />
              </button>
            </div>
          );
        if (item.contentType.startsWith("audio/"))
          return (
            <div key={key} className="media-audio">
              {/* biome-ignore lint/a11y/useMediaCaption: a voice note has no captions */}
              <audio src={srcOf(index)} controls preload="metadata" aria-label={label} />
            </div>
          );
        return (
          <div key={key} className="document-card" data-testid="document-card">
            <FileText className="document-icon" />
            <span className="document-details">
              <span className="document-name" title={label}>
                {label}
              </span>
              <span className="document-meta">
                {typeLabelOf(item.contentType)}
                {item.size !== undefined ? ` · ${formatBytes(item.size)}` : ""}
              </span>
            </span>
            <a className="button ghost document-download" href={srcOf(index)} download={item.name ?? true}>
              Download
            </a>
          </div>
        );
      })}
      {shown && open !== null ? (
        <div className="lightbox" role="dialog" aria-modal="true" aria-label={shown.name ?? "Attachment"}>
          <button type="button" className="lightbox-close" onClick={() => setOpen(null)} aria-label="Close">
            ×
          </button>
          {shown.contentType.startsWith("video/") ? (
            // biome-ignore lint/a11y/useMediaCaption: see above
            <video src={srcOf(open)} controls autoPlay />
          ) : (
            <img src={srcOf(open)} alt={shown.name ?? "Attachment"} />
          )}
        </div>
      ) : null}
    </div>
  );
}
