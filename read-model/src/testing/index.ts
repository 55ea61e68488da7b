// For specs only (`@cloudpa/read-model/testing`); production code imports `@cloudpa/read-model`.

export { statementOf } from "../queries/sql-queryable.js";
export { readAllRows } from "../store/read-model-store.js";
export { waitForPartitionsCaughtUp } from "./caught-up.js";
/** Valid events for tests of the parts that consume them. */
export { type EventFactory, eventFactory } from "./event-factory.js";
export { everyEventStory } from "./every-event-story.js";
export { KIND_COUNT, kindFields } from "./kind-fields.js";
export { analyzedPlanOf } from "./query-plan.js";
