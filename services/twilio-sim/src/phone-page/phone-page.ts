/** Placeholder replaced below. */
export function phonePageHtml(_defaults: { businessNumber: string }): string {
  return "<!doctype html><title>Twilio simulator</title>";
}
