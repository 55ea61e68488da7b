import { z } from "zod";
import { PRODUCER_TYPES, type Producer, publicEntryOf, signingKeySchema } from "../envelope/keys.js";
import { parseEnv } from "./common-env.js";

const producers = Object.keys(PRODUCER_TYPES) as Producer[];
const signingKeyVariable = (producer: Producer) => `${producer.toUpperCase()}_SIGNING_KEY`;

/**
 * `EVENT_PUBLIC_KEYS` for a machine that holds every producer's signing key (`npm start`'s
 * `.env`): the keyring that trusts exactly those keys, each for what its producer may sign.
 * Undefined when a producer's key is absent (a deployment sets its keyring itself); a key that
 * is present but malformed fails like any bad configuration, naming the variable.
 */
export function localEventPublicKeys(env: Record<string, string | undefined>): string | undefined {
  if (producers.some((producer) => !env[signingKeyVariable(producer)])) return undefined;
  const schema = z.object(Object.fromEntries(producers.map((p) => [signingKeyVariable(p), signingKeySchema])));
  const keys = parseEnv(schema, env) as Record<string, z.output<typeof signingKeySchema>>;
  const keyring: Record<string, ReturnType<typeof publicEntryOf>> = {};
  for (const producer of producers) {
    const { keyId, privateKey } = keys[signingKeyVariable(producer)] as z.output<typeof signingKeySchema>;
    keyring[keyId] = publicEntryOf(producer, privateKey);
  }
  return JSON.stringify(keyring);
}
