import type { KeyObject } from "node:crypto";

/**
 * The batch signatures this thread has verified, so a batch costs one Ed25519 verification per
 * verifier rather than one per message (docs/decisions/030). An entry is the exact signed bytes
 * (which hold the batch's root, recomputed from a message's data and path, never read from a
 * header), the signature and the key id, and it remembers the public key object that verified
 * it: a hit needs the very same key, so a keyring that names another key under that id verifies
 * afresh. Only `remember` after a verification that succeeded adds an entry. Bounded: the least
 * recently used entry goes first.
 */
export class VerifiedRoots {
  private readonly entries = new Map<string, KeyObject>();

  constructor(readonly limit = 4096) {}

  get size(): number {
    return this.entries.size;
  }

  private static keyOf(keyId: string, signed: Uint8Array, signature: Uint8Array): string {
    return `${keyId}\n${Buffer.from(signed).toString("base64")}\n${Buffer.from(signature).toString("base64")}`;
  }

  /** Whether `publicKey` (this object) already verified `signature` over `signed` for `keyId`. */
  has(keyId: string, publicKey: KeyObject, signed: Uint8Array, signature: Uint8Array): boolean {
    const key = VerifiedRoots.keyOf(keyId, signed, signature);
    const verifiedBy = this.entries.get(key);
    if (verifiedBy !== publicKey) return false;
    this.entries.delete(key);
    this.entries.set(key, verifiedBy);
    return true;
  }

  /** Records a verification that succeeded; call it after `verify` returned true, never before. */
  remember(keyId: string, publicKey: KeyObject, signed: Uint8Array, signature: Uint8Array): void {
    const key = VerifiedRoots.keyOf(keyId, signed, signature);
    this.entries.delete(key);
    this.entries.set(key, publicKey);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
