import { renderTemplate } from "@cloudpa/contracts";
import type { ContentTemplate } from "./content-template.js";

/** What the customer receives for a template: its text and media with every placeholder filled in. */
export interface RenderedContent {
  body: string;
  mediaUrls: string[];
}

/** Why Twilio refuses a ContentVariables value (21656), or undefined when it is fine. */
export function contentVariablesProblem(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return "ContentVariables is not a JSON string";
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return "ContentVariables must be a JSON object of variable names to values";
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== "string" && typeof value !== "number") return `variable ${name} is not a string`;
    const text = String(value);
    if (text.trim() === "") return `variable ${name} is empty`;
    // WhatsApp refuses these in a template's body parameters.
    if (/[\n\t]| {5,}/.test(text)) return `variable ${name} contains a newline, a tab or more than four spaces`;
  }
  return undefined;
}

function textOf(type: unknown, key: string): string | undefined {
  if (type === null || typeof type !== "object") return undefined;
  const value = (type as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * Renders a template as WhatsApp shows it: the values sent override the template's default
 * placeholder values; a placeholder with neither stays as written.
 */
export function renderContent(template: ContentTemplate, sent: Readonly<Record<string, string>>): RenderedContent {
  const values = { ...template.variables, ...sent };
  const media = template.types["twilio/media"] as { body?: string; media?: unknown } | undefined;
  const text = template.types["twilio/text"];
  const body = textOf(text, "body") ?? textOf(media, "body") ?? "";
  const mediaUrls = Array.isArray(media?.media) ? media.media.filter((url) => typeof url === "string") : [];
  return { body: renderTemplate(body, values), mediaUrls: mediaUrls.map((url) => renderTemplate(url, values)) };
}

/** The sent ContentVariables as strings (numbers are taken as Twilio takes them). Call after contentVariablesProblem. */
export function contentVariablesOf(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  return Object.fromEntries(Object.entries(JSON.parse(raw) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}
