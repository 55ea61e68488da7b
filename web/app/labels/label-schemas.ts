import { LABEL_COLOURS, type LabelColour, labelColourSchema, labelNameSchema, uuid } from "@cloudpa/contracts";
import { z } from "zod";

// A label's fields as the JSON API and the settings forms take them (issue 15): one schema each,
// the contracts' own name and colour rules.

/** `POST /labels`, and the settings page's new label. */
export const createLabelBodySchema = z.strictObject({
  name: labelNameSchema.meta({ description: "1 to 40 characters, unique in your account (ignoring case)" }),
  colour: labelColourSchema.meta({ description: "One of the palette's colours" }),
});

/** `PATCH /labels/{id}`: a new name, a new colour, or both. */
export const updateLabelBodySchema = z
  .strictObject({
    name: labelNameSchema.optional(),
    colour: labelColourSchema.optional(),
  })
  .refine((body) => body.name !== undefined || body.colour !== undefined, "give a name, a colour or both");

/** `POST /conversations/{id}/labels`. */
export const conversationLabelBodySchema = z.strictObject({ labelId: uuid });

/** What each colour is called on screen. */
export const COLOUR_NAMES: Record<LabelColour, string> = {
  grey: "Grey",
  red: "Red",
  orange: "Orange",
  yellow: "Yellow",
  green: "Green",
  teal: "Teal",
  blue: "Blue",
  purple: "Purple",
  pink: "Pink",
};

export { LABEL_COLOURS };
