import { describe, expect, it } from "vitest";
import { missingV8Flags, SERVICE_V8_FLAGS, unsetVariables } from "./v8-flags.js";

describe("missingV8Flags: which of a service's V8 flags its entry still has to add", () => {
  it("given a process started plainly, when asked, then every flag is missing", () => {
    expect(missingV8Flags(SERVICE_V8_FLAGS, { execArgv: [], nodeOptions: undefined })).toEqual([...SERVICE_V8_FLAGS]);
  });

  it("given the flags on the command line (as after the entry's relaunch), then none is missing", () => {
    expect(
      missingV8Flags(["--max-semi-space-size=16"], { execArgv: ["--max-semi-space-size=16"], nodeOptions: "" }),
    ).toEqual([]);
  });

  it("given another value of a flag, on the command line or in NODE_OPTIONS, then the operator's value wins", () => {
    const wanted = ["--max-semi-space-size=16", "--max-old-space-size=160"];
    expect(
      missingV8Flags(wanted, { execArgv: ["--max_semi_space_size=64"], nodeOptions: "--enable-source-maps" }),
    ).toEqual(["--max-old-space-size=160"]);
    expect(
      missingV8Flags(wanted, { execArgv: [], nodeOptions: " --max-old-space-size=100  --max-semi-space-size=8" }),
    ).toEqual([]);
  });
});

describe("unsetVariables: which of the operator commands' variables the relaunch still has to set", () => {
  it("given an environment without them, then each is set with its value", () => {
    expect(unsetVariables({ MALLOC_ARENA_MAX: "1" }, { PATH: "/usr/bin" })).toEqual({ MALLOC_ARENA_MAX: "1" });
  });

  it("given one set already (as after the relaunch, or by the operator), then it keeps its value", () => {
    expect(unsetVariables({ MALLOC_ARENA_MAX: "1" }, { MALLOC_ARENA_MAX: "4" })).toEqual({});
    expect(unsetVariables({ MALLOC_ARENA_MAX: "1" }, { MALLOC_ARENA_MAX: "" })).toEqual({});
  });
});
