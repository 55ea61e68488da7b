/**
 * The account the simulator accepts when no TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are set, so a local
 * demo works with no Twilio account. Not a secret: it opens nothing but the simulator.
 */
export const SIM_DEMO_ACCOUNT_SID = "AC00000000000000000000000000c1a0d0";
export const SIM_DEMO_AUTH_TOKEN = "0000000000000000000000000000de70";
