import { useActionData, useNavigation } from "@remix-run/react";

/**
 * The page's last action answer, or nothing while the next submission is in flight. Remix keeps
 * the old answer until the new one arrives, so a second Save would show the first one's "saved"
 * notice while it is still being saved.
 */
export function useSettledActionData<Action>(): ReturnType<typeof useActionData<Action>> | undefined {
  const answer = useActionData<Action>();
  return useNavigation().state === "submitting" ? undefined : answer;
}
