/**
 * The live read model's Postgres schema. In a module of its own so that a reader of the schema's
 * name (every query, the projector) does not load the ORM and its migrations with it.
 */
export const READ_MODEL_SCHEMA = "readmodel";
