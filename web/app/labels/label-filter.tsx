import { Link } from "@remix-run/react";
import type { ShownLabel } from "./label-chip.tsx";

/**
 * The inbox's label filter (issue 15): a link per label (`/inbox?label=<id>`, keeping the search),
 * the current one marked; links, so it works before the scripts load.
 */
export function LabelFilter({
  labels,
  current,
  search,
}: {
  labels: readonly ShownLabel[];
  current: string | null;
  search: string;
}) {
  const q = search ? `&q=${encodeURIComponent(search)}` : "";
  return labels.map((label) => (
    <Link
      key={label.id}
      to={`/inbox?label=${label.id}${q}`}
      aria-current={current === label.id ? "page" : undefined}
      className="chip label-filter"
      data-colour={label.colour}
    >
      <span className="visually-hidden">Label: </span>
      {label.name}
    </Link>
  ));
}
