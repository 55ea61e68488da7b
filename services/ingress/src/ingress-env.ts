import type { IngressEnv } from "@cloudpa/contracts";

/** The parsed env, provided once to the whole app. */
export const INGRESS_ENV = Symbol("INGRESS_ENV");
export type { IngressEnv };
