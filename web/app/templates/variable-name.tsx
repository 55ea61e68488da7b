import { variableContextOf } from "./variable-context.ts";

/** A template variable's field label: `{{2}}` and, muted, the words around it ("…on ___ at…"). */
export function VariableName({ body, name }: { body: string; name: string }) {
  const context = variableContextOf(body, name);
  return (
    <>
      {`{{${name}}}`}
      {context ? <span className="variable-context"> {context}</span> : null}
    </>
  );
}
