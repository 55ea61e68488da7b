import { ServiceNats } from "@cloudpa/kit";
import { endpointOf, type TcpProxy, tcpProxy, viaProxy } from "./tcp-proxy.js";
import { type TestNats, testNats } from "./test-nats.js";

/** A service's NATS connection (`ServiceNats`) in a namespace of its own, reached through a proxy the test can cut. */
export interface ProxiedServiceNats {
  nats: TestNats;
  proxy: TcpProxy;
  service: ServiceNats;
  close(): Promise<void>;
}

export async function proxiedServiceNats(clientName: string): Promise<ProxiedServiceNats> {
  const nats = await testNats();
  const proxy = await tcpProxy(endpointOf(nats.url, 4222));
  const service = await ServiceNats.connect(
    { NATS_URL: viaProxy(nats.url, proxy), CLOUDPA_NAMESPACE: nats.names.namespace },
    { clientName },
  );
  return {
    nats,
    proxy,
    service,
    async close() {
      await service.close();
      await proxy.close();
      await nats.cleanup();
    },
  };
}
