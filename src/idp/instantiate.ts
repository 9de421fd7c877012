import * as pulumi from "@pulumi/pulumi";
import { isOutputRef, type ResourceSpec } from "./spec.js";

/** A provider resource class, e.g. `auth0.ResourceServer`. */
export type ResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * A provider function (data source) a spec may stand for, e.g. `okta.group.getEveryoneGroupOutput`: the
 * spec reads instead of declaring, and refs to it read fields of the result. Translations stay pure by
 * naming the read as a spec; only the component calls the provider.
 */
export interface LookupFunction {
  readonly invoke: (args: never, opts: pulumi.InvokeOutputOptions) => pulumi.Output<unknown>;
}

/** What a spec's type token maps to: a resource class to declare, or a provider function to read. */
export type SpecClass = ResourceClass | LookupFunction;

/**
 * Declares every spec as a child of `parent`, in order, resolving refs to the outputs of earlier
 * children. Every type is checked against `classes` first, so an unknown type fails before the first
 * child exists: nothing is half-created. Lookup specs are read with `parent` (so they use its providers)
 * and are not in the returned map: they are not resources.
 */
export function instantiateSpecs(
  parent: pulumi.ComponentResource,
  specs: readonly ResourceSpec[],
  classes: Readonly<Record<string, SpecClass>>,
): ReadonlyMap<string, pulumi.CustomResource> {
  const missing = specs.filter((spec) => classes[spec.type] === undefined).map((spec) => spec.type);
  if (missing.length > 0) throw new pulumi.ResourceError(`no resource class for ${[...new Set(missing)].join(", ")}`, parent);

  const declared: Declared = { resources: new Map(), reads: new Map() };
  for (const spec of specs) {
    const entry = classes[spec.type] as SpecClass;
    const args = resolveRefs(spec.args, declared) as never;
    const dependsOn = spec.dependsOn.map((key) => requireResource(declared, key, spec.key));
    const options = { parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) };
    if (isLookup(entry)) declared.reads.set(spec.key, entry.invoke(args, options));
    else declared.resources.set(spec.key, new entry(spec.name, args, options));
  }
  return declared.resources;
}

interface Declared {
  readonly resources: Map<string, pulumi.CustomResource>;
  readonly reads: Map<string, pulumi.Output<unknown>>;
}

function isLookup(entry: SpecClass): entry is LookupFunction {
  return typeof (entry as Partial<LookupFunction>).invoke === "function";
}

function resolveRefs(value: unknown, declared: Declared): unknown {
  if (isOutputRef(value)) {
    const read = declared.reads.get(value.$ref);
    if (read !== undefined) return read.apply((result) => readField(result, value.$ref, value.output));
    const output = (requireResource(declared, value.$ref) as unknown as Record<string, unknown>)[value.output];
    if (output === undefined) throw new Error(`spec output ${value.$ref}.${value.output} does not exist`);
    return output;
  }
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, declared));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveRefs(inner, declared)]));
  }
  return value;
}

function readField(result: unknown, key: string, field: string): unknown {
  const value = typeof result === "object" && result !== null ? (result as Record<string, unknown>)[field] : undefined;
  if (value === undefined) throw new Error(`lookup ${key} returned no ${field}`);
  return value;
}

function requireResource(declared: Declared, key: string, dependent?: string): pulumi.CustomResource {
  const resource = declared.resources.get(key);
  if (resource !== undefined) return resource;
  if (declared.reads.has(key)) throw new Error(`spec ${dependent ?? "?"} depends on lookup ${key}; a read is not a resource, refer to its outputs instead`);
  throw new Error(`spec ${key} is referenced before it is declared`);
}
