import { describe, expect, it } from "vitest";
import { tableSpecsModule, tableSpecsOfEntities } from "./table-specs-of-entities.js";

describe("the store's table specs", () => {
  it("are what MikroORM's metadata of the entities says (store/table-specs.generated.ts)", async () => {
    // Fails when an entity changed and the generated file did not: `-u` writes it again.
    await expect(tableSpecsModule(tableSpecsOfEntities())).toMatchFileSnapshot("../store/table-specs.generated.ts");
  });
});
