import {
  type GeneratedKey,
  generateCredentialsKey,
  generateSigningKey,
  type Keyring,
  keyringOf,
  PRODUCER_TYPES,
  type Producer,
  parseSigningKey,
  type SignedType,
  type SigningKey,
} from "@cloudpa/contracts";

export interface TestKeys {
  ingress: GeneratedKey;
  outbound: GeneratedKey;
  web: GeneratedKey;
  signing: { ingress: SigningKey; outbound: SigningKey; web: SigningKey };
  keyring: Keyring;
  /** The env variables a service of the product reads for these keys. */
  env: Record<string, string>;
}

/** Fresh producer keys, their keyring, and a credentials key, as `npm start` would generate them. */
export function testKeys(): TestKeys {
  const ingress = generateSigningKey("ingress", "ingress-test");
  const outbound = generateSigningKey("outbound", "outbound-test");
  const web = generateSigningKey("web", "web-test");
  const publicKeys = {
    [ingress.keyId]: ingress.publicEntry,
    [outbound.keyId]: outbound.publicEntry,
    [web.keyId]: web.publicEntry,
  };
  return {
    ingress,
    outbound,
    web,
    signing: {
      ingress: parseSigningKey(ingress.signingKey),
      outbound: parseSigningKey(outbound.signingKey),
      web: parseSigningKey(web.signingKey),
    },
    keyring: keyringOf(publicKeys),
    env: {
      INGRESS_SIGNING_KEY: ingress.signingKey,
      OUTBOUND_SIGNING_KEY: outbound.signingKey,
      WEB_SIGNING_KEY: web.signingKey,
      EVENT_PUBLIC_KEYS: JSON.stringify(publicKeys),
      CREDENTIALS_KEY: generateCredentialsKey(),
    },
  };
}

/** The test key of the producer that may sign this type of event or command (`PRODUCER_TYPES`). */
export function signingKeyOf(keys: TestKeys, message: { type: SignedType }): SigningKey {
  const producers = Object.keys(PRODUCER_TYPES) as Producer[];
  const producer = producers.find((name) => PRODUCER_TYPES[name].includes(message.type));
  if (!producer) throw new Error(`no producer signs ${message.type}`);
  return keys.signing[producer];
}
