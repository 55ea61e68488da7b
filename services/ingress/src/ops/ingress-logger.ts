/** The service's JSON logger, provided to the app. */
export const LOGGER = Symbol("LOGGER");
