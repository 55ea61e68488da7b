/**
 * The form's field holding one variable's value of one template. Before hydration the form holds
 * every offered template's fields, so each name says whose; the one chosen is read.
 */
export function awayTemplateVariableField(contentSid: string, variable: string): string {
  return `away.templateVariable.${contentSid}.${variable}`;
}
