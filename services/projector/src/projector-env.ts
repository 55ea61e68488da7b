/** Injection token of the parsed ProjectorEnv. */
export const PROJECTOR_ENV = Symbol("PROJECTOR_ENV");
