import { generateCredentialsKey, generateSigningKey, parseSigningKey, type SigningKey } from "@cloudpa/contracts";

export interface BenchKeys {
  ingress: SigningKey;
  /** The env every service of the run reads for its keys. */
  env: Record<string, string>;
}

/** Fresh producer keys for one run, as `npm start` generates them on a first start. */
export function benchKeys(): BenchKeys {
  const ingress = generateSigningKey("ingress", "ingress-bench");
  const outbound = generateSigningKey("outbound", "outbound-bench");
  const web = generateSigningKey("web", "web-bench");
  return {
    ingress: parseSigningKey(ingress.signingKey),
    env: {
      INGRESS_SIGNING_KEY: ingress.signingKey,
      OUTBOUND_SIGNING_KEY: outbound.signingKey,
      WEB_SIGNING_KEY: web.signingKey,
      EVENT_PUBLIC_KEYS: JSON.stringify({
        [ingress.keyId]: ingress.publicEntry,
        [outbound.keyId]: outbound.publicEntry,
        [web.keyId]: web.publicEntry,
      }),
      CREDENTIALS_KEY: generateCredentialsKey(),
    },
  };
}
