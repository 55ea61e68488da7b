import { createWebContext, parseWebEnv, type WebContext } from "#app/web-context.server.ts";
import { type WebTestGround, webTestGround } from "./web-test-ground.ts";

export interface WebTestContext extends WebTestGround {
  web: WebContext;
  cleanup(): Promise<void>;
}

/** A web context over a ground of its own (webTestGround): a fresh, migrated database and a NATS namespace. */
export async function webTestContext(extra: Record<string, string> = {}): Promise<WebTestContext> {
  const ground = await webTestGround(extra);
  let web: WebContext;
  try {
    web = await createWebContext(parseWebEnv(ground.env));
  } catch (error) {
    await ground.clear();
    throw error;
  }
  return {
    ...ground,
    web,
    async cleanup() {
      await web.close();
      await ground.clear();
    },
  };
}
