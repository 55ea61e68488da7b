/** Reads a server-sent event stream's text as it arrives, as a browser's EventSource would. */
export function followEventStream(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let ended = false;
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ended = true;
  })();
  return {
    text: () => text,
    ended: () => ended,
    /** Resolves when the stream has ended. */
    reading,
    /** Waits until the text holds `needle`. */
    async until(needle: string, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(needle)} in ${JSON.stringify(text)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
