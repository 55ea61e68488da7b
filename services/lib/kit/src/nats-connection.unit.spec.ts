import { describe, expect, it } from "vitest";
import { natsServersOf } from "./nats-connection.js";

describe("NATS URL", () => {
  it("passes a plain URL through", () => {
    expect(natsServersOf("nats://127.0.0.1:4222")).toEqual({ servers: ["127.0.0.1:4222"] });
  });

  it("lifts the user and password out of the URL, which nats.js would ignore", () => {
    expect(natsServersOf("nats://ingress:s%40cret@nats-0.nats:4222,nats://nats-1.nats")).toEqual({
      servers: ["nats-0.nats:4222", "nats-1.nats:4222"],
      user: "ingress",
      pass: "s@cret",
    });
  });
});
