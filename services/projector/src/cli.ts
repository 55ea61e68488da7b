// The operator commands' entry. Their V8 flags and malloc setting first (decisions 031 and 041): a
// rebuild is the largest process Cloud PA runs, and without them the process replaces itself with
// one started with them before it has loaded anything else. Then the commands.
import { OPERATOR_ENVIRONMENT, OPERATOR_V8_FLAGS, runWithServiceV8Flags } from "@cloudpa/kit/v8-flags";

runWithServiceV8Flags(OPERATOR_V8_FLAGS, OPERATOR_ENVIRONMENT);
await import("./cli/commands.js");
