import { describe, expect, it } from "vitest";
import { asksForHelp, usageOf } from "./operator-help.js";

const USAGE = `usage: npm run cloudpa -- <command>
  status [--json]                 stream head and lag
  events tail [--org ID]
                                  follow the events stream live
  events show <seq>               one event in full
npm start's own steps:
  migrate                         create the schema`;

describe("an operator command's help", () => {
  it("is asked by --help or -h anywhere on the line", () => {
    expect(asksForHelp(["rebuild", "--help"])).toBe(true);
    expect(asksForHelp(["events", "tail", "-h"])).toBe(true);
    expect(asksForHelp(["rebuild", "--progress"])).toBe(false);
  });

  it("shows the command's own entries, each with the lines under it", () => {
    expect(usageOf(USAGE, "events")).toBe(`usage: npm run cloudpa -- <command>
  events tail [--org ID]
                                  follow the events stream live
  events show <seq>               one event in full`);
    expect(usageOf(USAGE, "migrate")).toBe(`usage: npm run cloudpa -- <command>
  migrate                         create the schema`);
  });

  it("shows every command's when it names none of them", () => {
    expect(usageOf(USAGE, undefined)).toBe(USAGE);
    expect(usageOf(USAGE, "help")).toBe(USAGE);
    expect(usageOf(USAGE, "stat")).toBe(USAGE);
  });
});
