import { type FormEventHandler, type RefObject, useEffect, useRef } from "react";

/**
 * A create form emptied once its own submission is answered as done, ready for the next one: what
 * it made is listed below it, so text left in it reads as a second one about to be made. What was
 * typed stays when the answer is an error, and when the answer is to another form of the page.
 * Spread the result on the `<Form>`: `<Form {...emptied}>`.
 */
export function useEmptiedOnDone<Answer>(
  answer: Answer | undefined,
  done: (answer: Answer) => boolean,
): { ref: RefObject<HTMLFormElement>; onSubmit: FormEventHandler<HTMLFormElement> } {
  const ref = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  const isDone = useRef(done);
  isDone.current = done;
  useEffect(() => {
    if (answer === undefined || !sent.current) return;
    sent.current = false;
    if (isDone.current(answer)) ref.current?.reset();
  }, [answer]);
  return {
    ref,
    onSubmit: () => {
      sent.current = true;
    },
  };
}
