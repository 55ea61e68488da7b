import type { LabelColour } from "@cloudpa/contracts";

/** A label as the views show it: its name in its colour (issue 15). */
export interface ShownLabel {
  id: string;
  name: string;
  colour: LabelColour | string;
}

/** The org's labels by id, and the ones of a conversation in the order they were put on (unknown ids left out). */
export function labelsById(labels: readonly ShownLabel[]): Map<string, ShownLabel> {
  return new Map(labels.map((label) => [label.id, label]));
}

export function labelsOn(labelIds: readonly string[], byId: ReadonlyMap<string, ShownLabel>): ShownLabel[] {
  return labelIds.flatMap((id) => {
    const label = byId.get(id);
    return label ? [label] : [];
  });
}

/** A chip: the palette's colours are in styles (`.label-chip[data-colour]`), each pair AA contrast. */
export function LabelChip({ label }: { label: ShownLabel }) {
  return (
    <span className="label-chip" data-colour={label.colour}>
      {label.name}
    </span>
  );
}

/** A conversation's labels as a list of chips (nothing when it has none). */
export function LabelChips({ labelIds, byId }: { labelIds: readonly string[]; byId: ReadonlyMap<string, ShownLabel> }) {
  const shown = labelsOn(labelIds, byId);
  if (shown.length === 0) return null;
  return (
    <span className="label-chips">
      <span className="visually-hidden">Labels: </span>
      {shown.map((label) => (
        <LabelChip key={label.id} label={label} />
      ))}
    </span>
  );
}
