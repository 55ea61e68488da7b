// ServiceNats.whileConnected: a request in flight when the connection drops fails at once, with its
// own error, instead of at the request's timeout (its answer is lost with the connection).
import { NatsDisconnectedError } from "@cloudpa/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProxiedServiceNats, proxiedServiceNats } from "./proxied-service-nats.js";

describe("a request made while connected", () => {
  let connection: ProxiedServiceNats;
  beforeAll(async () => {
    connection = await proxiedServiceNats("while-connected-test");
  });
  afterAll(() => connection?.close());

  it("fails with NatsDisconnectedError when the connection drops before the answer, and answers once back", async () => {
    const { nats, proxy, service } = connection;
    const subject = `${nats.names.namespace}.never-answered`;
    // Someone listens and never answers: only the timeout (a minute here) would end the request.
    const silent = nats.nc.subscribe(subject);
    await nats.nc.flush();
    const waiting = service.whileConnected(service.nc.request(subject, "?", { timeout: 60_000 }));
    await service.nc.flush();
    proxy.cut();
    await expect(waiting).rejects.toBeInstanceOf(NatsDisconnectedError);
    silent.unsubscribe();

    proxy.restore();
    const echo = nats.nc.subscribe(`${nats.names.namespace}.echo`, {
      callback: (_, msg) => {
        msg.respond(msg.data);
      },
    });
    await nats.nc.flush();
    const deadline = Date.now() + 20_000;
    while (!service.isConnected() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await service.whileConnected(service.nc.request(`${nats.names.namespace}.echo`, "back"));
    expect(answer.string()).toBe("back");
    echo.unsubscribe();
  });
});
