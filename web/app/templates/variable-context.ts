/** Where a sentence ends, or another variable stands: a variable's context does not cross them. */
const BOUNDARY = /[.!?](?=\s)|\n|\{\{\w+\}\}/g;
const SENTENCE_END = /[.!?]/;

/**
 * The words around a template's variable, as a freelancer reads it in the template: "Hi ___, a
 * reminder…" for `{{1}}` of "Hi {{1}}, a reminder of your appointment on {{2}}…". A form labels
 * each variable's field with it, so "{{2}}" says what it stands for without reading the whole body.
 * Up to three words (a comma is one) before and after, within the sentence and not across another
 * variable; "…" where the text goes on. Empty when the body has no such variable.
 */
export function variableContextOf(body: string, name: string): string {
  const mark = `{{${name}}}`;
  const at = body.indexOf(mark);
  if (at < 0) return "";

  const head = body.slice(0, at);
  const lastBoundary = [...head.matchAll(BOUNDARY)].at(-1);
  const sentenceStart = lastBoundary ? (lastBoundary.index ?? 0) + lastBoundary[0].length : 0;
  const before = head.slice(sentenceStart).match(/(?:\S+\s+){0,3}$/)?.[0] ?? "";
  const left = head.slice(0, head.length - before.length);
  const moreBefore = left.trim() !== "" && !/[.!?\n]\s*$/.test(left);

  const tail = body.slice(at + mark.length);
  const next = tail.search(BOUNDARY);
  // A sentence's full stop belongs to it; another variable or a new line does not.
  const sentence = next < 0 ? tail : tail.slice(0, next + (SENTENCE_END.test(tail[next] ?? "") ? 1 : 0));
  const after = sentence.match(/^\s*(?:\S+(?:\s+|$)){0,3}/)?.[0].trimEnd() ?? "";
  const moreAfter = tail.slice(after.length).trim() !== "" && !/[.!?]$/.test(after);

  return `${moreBefore ? "…" : ""}${before.trimStart()}___${after}${moreAfter ? "…" : ""}`;
}
