export { freePort } from "@cloudpa/testkit";
