import { CircleDot, List } from "lucide-react";
import { ContactCard } from "./contact-card.tsx";
import type { KindMessage } from "./kind-message.ts";
import { LocationCard } from "./location-card.tsx";

/**
 * What a message of a kind other than text, media or template shows in its bubble (decision
 * 023); for a template, a "Template" tag above its rendered text; null for text and media, whose
 * text and media the bubble shows itself. Never empty: a kind
 * this version cannot show says "Unsupported message (type)".
 */
export function MessageKindContent({ message }: { message: KindMessage }) {
  const details = message.details;
  switch (message.kind) {
    case "location":
      return details?.location ? <LocationCard location={details.location} /> : <Unsupported type="location" />;
    case "contacts":
      return <ContactCard messageId={message.id} mediaIndexes={details?.contacts?.mediaIndexes ?? []} />;
    case "interactive": {
      const tapped = details?.interactive;
      return (
        <p className="bubble-text interactive-reply" data-kind="interactive">
          <span className="kind-marker" title={tapped?.type === "list" ? "Chosen from a list" : "Tapped a button"}>
            {tapped?.type === "list" ? <List className="icon" /> : <CircleDot className="icon" />}
          </span>{" "}
          {tapped?.text ?? message.body}
          {tapped?.description ? <span className="muted small"> · {tapped.description}</span> : null}
        </p>
      );
    }
    case "reaction":
      return (
        <p className="bubble-text reaction-message" data-kind="reaction">
          Reacted {details?.reaction?.emoji ?? message.body} to a message
        </p>
      );
    case "template":
      return (
        <span className="kind-tag muted small" data-kind="template" title={details?.template?.contentSid}>
          Template
        </span>
      );
    case "unsupported":
      return <Unsupported type={details?.unsupported?.type ?? "unknown"} />;
    default:
      return null;
  }
}

function Unsupported({ type }: { type: string }) {
  return (
    <p className="bubble-text unsupported muted" data-kind="unsupported">
      Unsupported message ({type})
    </p>
  );
}
