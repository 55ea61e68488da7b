import { fileURLToPath } from "node:url";

/** The repository's root, from src/harness or dist/harness alike. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
