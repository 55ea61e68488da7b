// One zod schema per form, on both sides: the action parses the posted fields with it, and the
// page's inputs take their names and constraints from it (as the Epic Stack does with conform).
// The constraints are derived on the server (the schemas use contracts, a server-side package)
// and reach the page as loader data; the browser never loads zod.
import { z } from "zod";

/** One input's attributes, as the form's schema states them. */
export interface FieldConstraints {
  name: string;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

type FieldName<S extends z.ZodObject> = keyof S["shape"] & string;
export type FormFields<S extends z.ZodObject> = Record<FieldName<S>, FieldConstraints>;
/** The first message for each field the schema refused, and for the whole form ("form"). */
export type FieldErrors<S extends z.ZodObject> = Partial<Record<FieldName<S> | "form", string>>;

/**
 * Each field of a form's schema as input attributes: its name, whether it is required, and the
 * lengths and pattern its JSON Schema states. A refinement the JSON Schema cannot state can say
 * its bound with `.meta({ maxLength })` (the reply's text does). A format's own pattern (an
 * email's) is left to the input's type.
 */
export function formFields<S extends z.ZodObject>(schema: S): FormFields<S> {
  const json = inputJsonSchemaOf(schema);
  const required = new Set(json.required ?? []);
  const fields: Record<string, FieldConstraints> = {};
  for (const [name, property] of Object.entries(json.properties ?? {})) {
    const field = typeof property === "object" ? property : {};
    fields[name] = {
      name,
      required: required.has(name),
      ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
      ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
      ...(field.pattern !== undefined && field.format === undefined ? { pattern: field.pattern } : {}),
    };
  }
  return fields as FormFields<S>;
}

/** What a browser may send: the schema's input side (a transform's output is the action's business). */
function deriveInputJsonSchema(schema: z.ZodObject) {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
}

/**
 * Each schema's input JSON Schema, derived once: a zod schema never changes (its methods make new
 * ones), and deriving it took about 50 µs of every load of a conversation, for the composer's
 * fields (issue 16). Read only.
 */
const inputJsonSchemas = new WeakMap<z.ZodObject, ReturnType<typeof deriveInputJsonSchema>>();

function inputJsonSchemaOf(schema: z.ZodObject) {
  let json = inputJsonSchemas.get(schema);
  if (!json) {
    json = deriveInputJsonSchema(schema);
    inputJsonSchemas.set(schema, json);
  }
  return json;
}

/**
 * The posted form's fields, as its schema names them, parsed by that schema. A required field the
 * form did not send is null; an optional field left empty or not sent is absent.
 */
export function parseForm<S extends z.ZodObject>(schema: S, form: FormData) {
  const required = new Set(inputJsonSchemaOf(schema).required ?? []);
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = form.get(name);
    values[name] = !required.has(name) && (value === null || value === "") ? undefined : value;
  }
  return schema.safeParse(values);
}

/** The first issue's message for each field, and for the form when an issue names no field. */
export function fieldErrorsOf<S extends z.ZodObject>(_schema: S, error: z.ZodError): FieldErrors<S> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors as FieldErrors<S>;
}
