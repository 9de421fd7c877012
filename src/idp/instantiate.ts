import * as pulumi from "@pulumi/pulumi";
import { isOutputRef, type ResourceSpec } from "./spec.js";

/** A provider resource class, e.g. `auth0.ResourceServer`. */
export type ResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * Declares every spec as a child of `parent`, in order, resolving refs to the outputs of earlier
 * children. Every type is checked against `classes` first, so an unknown type fails before the first
 * child exists: nothing is half-created.
 */
export function instantiateSpecs(
  parent: pulumi.ComponentResource,
  specs: readonly ResourceSpec[],
  classes: Readonly<Record<string, ResourceClass>>,
): ReadonlyMap<string, pulumi.CustomResource> {
  const missing = specs.filter((spec) => classes[spec.type] === undefined).map((spec) => spec.type);
  if (missing.length > 0) throw new pulumi.ResourceError(`no resource class for ${[...new Set(missing)].join(", ")}`, parent);

  const created = new Map<string, pulumi.CustomResource>();
  for (const spec of specs) {
    const Class = classes[spec.type] as ResourceClass;
    const args = resolveRefs(spec.args, created) as never;
    const dependsOn = spec.dependsOn.map((key) => requireCreated(created, key));
    created.set(spec.key, new Class(spec.name, args, { parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) }));
  }
  return created;
}

function resolveRefs(value: unknown, created: ReadonlyMap<string, pulumi.CustomResource>): unknown {
  if (isOutputRef(value)) {
    const output = (requireCreated(created, value.$ref) as unknown as Record<string, unknown>)[value.output];
    if (output === undefined) throw new Error(`spec output ${value.$ref}.${value.output} does not exist`);
    return output;
  }
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, created));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveRefs(inner, created)]));
  }
  return value;
}

function requireCreated(created: ReadonlyMap<string, pulumi.CustomResource>, key: string): pulumi.CustomResource {
  const resource = created.get(key);
  if (resource === undefined) throw new Error(`spec ${key} is referenced before it is declared`);
  return resource;
}
