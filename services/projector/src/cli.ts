// The operator commands' entry. The services' V8 flags first (decision 031): a rebuild is the
// largest process Cloud PA runs, and without them the process replaces itself with one started
// with them before it has loaded anything else. Then the commands.
import { runWithServiceV8Flags } from "@cloudpa/kit/v8-flags";

runWithServiceV8Flags();
await import("./cli/commands.js");
