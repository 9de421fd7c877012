import { z } from "zod";
import { inputTypeAlternatives } from "./by-input-type.js";
import { configSchema } from "./config-schema.js";

/**
 * The JSON Schema (draft 2020-12) of the config file, for editors: point
 * `# yaml-language-server: $schema=...` at `pulumi-mcp-auth/schema.json` to get completion and checks.
 * Rules that relate fields (unique scopes, access references) are enforced by `parseConfig` only.
 */
export function configJsonSchema(): object {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any", override: describeAlternatives }),
    title: "pulumi-mcp-auth config",
    description: "MCP resources (canonical resource URIs), their scopes and PKCE-only agent clients, declared once.",
  };
}

/** Fields parsed by input type are transforms to zod; describe them to editors as `anyOf` their branches. */
function describeAlternatives(context: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  // zod leaves out the default of a transform in input mode; put it back where the default is an input too.
  if (context.zodSchema instanceof z.ZodDefault && inputTypeAlternatives.has(context.zodSchema.unwrap())) {
    const value: unknown = context.zodSchema.def.defaultValue;
    if (typeof value === "boolean") context.jsonSchema["default"] = value;
    return;
  }
  const branches = inputTypeAlternatives.get(context.zodSchema as object);
  if (!branches) return;
  const { description } = context.jsonSchema;
  for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
  Object.assign(context.jsonSchema, {
    ...(description === undefined ? {} : { description }),
    anyOf: branches.map((branch) => {
      const { $schema: _, ...schema } = z.toJSONSchema(branch, { io: "input", unrepresentable: "any" });
      return schema;
    }),
  });
}
