import { User } from "lucide-react";
import { useEffect, useState } from "react";
import { CopyButton } from "#app/components/copy-button";

interface SharedContact {
  name: string;
  numbers: { number: string; type?: string }[];
}

type Loaded = { state: "loading" } | { state: "ready"; contacts: SharedContact[] } | { state: "failed" };

/**
 * Shared contacts: the vCards are the message's media, read through the server (which parses
 * them with contracts' parseVCard) once the page is in the browser; each number can be copied.
 */
export function ContactCard({ messageId, mediaIndexes }: { messageId: string; mediaIndexes: number[] }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const key = mediaIndexes.join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: the indexes are read through their key
  useEffect(() => {
    let live = true;
    Promise.all(
      mediaIndexes.map(async (index) => {
        const response = await fetch(`/shared-contacts/${messageId}/${index}`, { credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        return ((await response.json()) as { contacts: SharedContact[] }).contacts;
      }),
    )
      .then((lists) => live && setLoaded({ state: "ready", contacts: lists.flat() }))
      .catch(() => live && setLoaded({ state: "failed" }));
    return () => {
      live = false;
    };
  }, [messageId, key]);

  if (loaded.state !== "ready" || loaded.contacts.length === 0) {
    return (
      <div className="kind-card shared-contact-card" data-kind="contacts">
        <p className="kind-card-title">
          <User className="icon" />
          Contact
        </p>
        <p className="kind-card-line muted small">
          {loaded.state === "loading" ? "Reading the contact card…" : "The contact card cannot be read."}
        </p>
      </div>
    );
  }
  return (
    <div className="kind-card shared-contact-card" data-kind="contacts">
      {loaded.contacts.map((contact, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the cards of one message never reorder
        <div key={i} className="contact-entry">
          <p className="kind-card-title">
            <User className="icon" />
            {contact.name}
          </p>
          <ul className="contact-numbers">
            {contact.numbers.map((number) => (
              <li key={number.number}>
                <a href={`tel:${number.number.replace(/[^\d+]/g, "")}`}>{number.number}</a>
                {number.type ? <span className="muted small"> {number.type}</span> : null}
                <CopyButton value={number.number} label={`Copy ${number.number}`} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
