export { ensureBuilt } from "./built-product.js";
export { freePort } from "./free-port.js";
export { type Infrastructure, infrastructure } from "./infrastructure.js";
export { endpointOf, type TcpProxy, tcpProxy, viaProxy } from "./tcp-proxy.js";
export { type TestDatabase, testDatabase } from "./test-database.js";
export { type TestKeys, testKeys } from "./test-keys.js";
export { type TestNats, testNats } from "./test-nats.js";
export { uniqueName } from "./unique-name.js";
export { waitFor } from "./wait-for.js";
