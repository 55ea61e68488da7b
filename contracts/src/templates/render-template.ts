/**
 * A template's placeholders as Twilio's Content API writes them: `{{1}}`, `{{2}}`… (WhatsApp
 * templates number them from 1; Twilio also accepts named ones, so any word is taken).
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The variables a template's body names, each once, in the order they first appear. */
export function templateVariablesOf(body: string): string[] {
  const seen = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) seen.add(match[1] as string);
  return [...seen];
}

/**
 * The text the customer reads: each `{{name}}` replaced by its value. A placeholder without a
 * value stays as written, as WhatsApp would show the template's own text; nothing else changes.
 */
export function renderTemplate(body: string, variables: Readonly<Record<string, string>>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(variables, name) ? (variables[name] as string) : whole,
  );
}

/** The template's variables that have no non-blank value: a send needs every one. */
export function missingTemplateVariables(body: string, variables: Readonly<Record<string, string>>): string[] {
  return templateVariablesOf(body).filter((name) => !variables[name]?.trim());
}
