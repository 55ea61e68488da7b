import { Link } from "@remix-run/react";
import type { ShownLabel } from "./label-chip.tsx";

/**
 * The inbox's label filter (issue 15): a link per label (`hrefOf` it: the list's address with the
 * label, keeping the search), the current one marked; links, so it works before the scripts load.
 */
export function LabelFilter({
  labels,
  current,
  hrefOf,
}: {
  labels: readonly ShownLabel[];
  current: string | null;
  hrefOf: (labelId: string) => string;
}) {
  return labels.map((label) => (
    <Link
      key={label.id}
      to={hrefOf(label.id)}
      aria-current={current === label.id ? "page" : undefined}
      className="chip label-filter"
      data-colour={label.colour}
    >
      <span className="visually-hidden">Label: </span>
      {label.name}
    </Link>
  ));
}
