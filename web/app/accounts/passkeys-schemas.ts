import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";

/**
 * What a browser posts back from a WebAuthn ceremony (@simplewebauthn/browser's JSON), parsed at
 * the edge: shapes and sizes only. Signatures, challenge, origin and RP ID are the verifier's job.
 */
const base64url = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*={0,2}$/, "not base64url")
    .max(max);

/** The longest credential id taken (WebAuthn allows 1023 bytes; base64url makes 1364 characters). */
const MAX_CREDENTIAL_ID = 1400;

const credentialBase = {
  id: base64url(MAX_CREDENTIAL_ID),
  rawId: base64url(MAX_CREDENTIAL_ID),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  type: z.literal("public-key"),
};

const registrationSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url(8000),
    attestationObject: base64url(32000),
    authenticatorData: base64url(16000).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(8000).optional(),
  }),
});

const authenticationSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url(8000),
    authenticatorData: base64url(16000),
    signature: base64url(8000),
    userHandle: base64url(256).optional(),
  }),
});

function parseJsonField<T>(schema: z.ZodType<unknown>, value: FormDataEntryValue | null): T | undefined {
  if (typeof value !== "string" || value.length > 64_000) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as T) : undefined;
  } catch {
    return undefined;
  }
}

/** A registration response from a form field, or undefined when it is not one. */
export function parseRegistrationResponse(value: FormDataEntryValue | null): RegistrationResponseJSON | undefined {
  return parseJsonField<RegistrationResponseJSON>(registrationSchema, value);
}

/** An authentication (assertion) response from a form field, or undefined when it is not one. */
export function parseAuthenticationResponse(value: FormDataEntryValue | null): AuthenticationResponseJSON | undefined {
  return parseJsonField<AuthenticationResponseJSON>(authenticationSchema, value);
}

/** The Security page's "remove" button: which passkey. */
export const removePasskeyFormSchema = z.object({ passkeyId: z.string().min(1).max(MAX_CREDENTIAL_ID) });

/** The Security page's "add passkey" form: what to call the new passkey. */
export const addPasskeyFormSchema = z.object({
  name: z.string().trim().min(1, "Name the passkey (which device is it on?)").max(60),
});
