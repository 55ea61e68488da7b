import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Contact erased · Cloud PA" }];

const count = (value: string | null) => {
  const number = Number(value);
  return Number.isSafeInteger(number) && number >= 0 ? number : 0;
};

/** Where an erasure lands (decision 010): what was erased, from the counts the erase page passed on. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccount(context, request);
  const query = new URL(request.url).searchParams;
  return {
    events: count(query.get("events")),
    commands: count(query.get("commands")),
    records: count(query.get("records")),
  };
}

export default function ContactErased() {
  const erased = useLoaderData<typeof loader>();
  return (
    <article className="conversation erase-contact" aria-labelledby="erased-title">
      <div className="card">
        <h2 id="erased-title">Contact erased</h2>
        <p role="status">
          Everything about the contact is erased: {erased.events} stored events, {erased.commands} queued replies and{" "}
          {erased.records} delivery records. They leave your inbox in a moment.
        </p>
        <Link to="/inbox" className="button primary">
          Back to the inbox
        </Link>
      </div>
    </article>
  );
}
