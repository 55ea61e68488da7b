import { Link } from "@remix-run/react";

/** The contact's data: download it (JSON), or erase it after a confirmation (docs/decisions/010). */
export function ContactDataLinks({ contactId, conversationId }: { contactId: string; conversationId: string }) {
  return (
    <p className="contact-data-links">
      <a className="button ghost small" href={`/api/v1/messaging/contacts/${contactId}/export`} download>
        Export
      </a>
      <Link className="button ghost small danger" to={`/inbox/${conversationId}/erase`}>
        Erase…
      </Link>
    </p>
  );
}
