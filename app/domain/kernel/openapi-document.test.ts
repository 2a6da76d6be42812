import { z } from "zod";
import { describe, expect, it } from "vitest";
import { answerOf, assembleOpenApiDocument, schemaRef } from "./openapi-document";

const Item = z.strictObject({ name: z.string(), tags: z.array(z.string()).default([]) });
const Stored = z.strictObject({ id: z.uuid(), item: Item });
const items = {
  paths: { "/items": { post: { operationId: "addItem", requestBody: { content: { "application/json": { schema: schemaRef("NewItem") } } }, responses: { "201": answerOf("Stored", "StoredItem") } } } },
  requests: { NewItem: Item },
  answers: { StoredItem: Stored },
};
const assemble = (...contributions: Parameters<typeof assembleOpenApiDocument>[0]["contributions"]) =>
  assembleOpenApiDocument({ info: { title: "t", version: "1" }, contributions, securitySchemes: {} }) as { paths: Record<string, unknown>; components: { schemas: Record<string, Record<string, unknown>> } };

describe("assembleOpenApiDocument", () => {
  it("converts requests as read (a default is optional) and answers as written (it is always there), with the shared error", () => {
    const { components } = assemble(items);
    expect(components.schemas.NewItem).toMatchObject({ required: ["name"], additionalProperties: false });
    expect(components.schemas.StoredItem).toMatchObject({ required: ["id", "item"], properties: { id: { format: "uuid" }, item: { required: ["name", "tags"] } } });
    expect(components.schemas.Error).toMatchObject({ required: ["error"] });
    expect(JSON.stringify(components)).not.toContain("$schema");
  });

  it("refers between the named schemas by #/components/schemas/", () => {
    const { components } = assemble({ paths: {}, answers: { Item, Stored } });
    expect(components.schemas.Stored!.properties).toEqual(expect.objectContaining({ item: { $ref: "#/components/schemas/Item" } }));
  });

  it("stops at an operation described twice or a schema name used twice", () => {
    expect(() => assemble(items, { paths: { "/items": { post: {} } } })).toThrow(/POST \/items is described twice/);
    expect(() => assemble(items, { paths: {}, answers: { NewItem: Stored } })).toThrow(/two schemas are named NewItem/);
  });
});
