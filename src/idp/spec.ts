/**
 * What an IdP translation produces: a list of child resource specs. Pure data, so translation is tested
 * as a table (Plan → specs) without Pulumi; a component only instantiates the list.
 */

/** A reference to an output of an earlier spec (e.g. a client's generated id), resolved at instantiation. */
export interface OutputRef {
  readonly $ref: string;
  readonly output: string;
}

export function ref(key: string, output: string): OutputRef {
  return { $ref: key, output };
}

export function isOutputRef(value: unknown): value is OutputRef {
  return typeof value === "object" && value !== null && typeof (value as OutputRef).$ref === "string" && typeof (value as OutputRef).output === "string";
}

/**
 * One child resource to declare, or one provider function (data source) to read when the component maps
 * its type to a `LookupFunction` (see instantiate.ts); refs to a read resolve to fields of its result.
 */
export interface ResourceSpec {
  /** Stable identity within one translation, e.g. `api/github`; refs and dependsOn use it. */
  readonly key: string;
  /** The Pulumi type token, e.g. `auth0:index/resourceServer:ResourceServer`. */
  readonly type: string;
  /** The Pulumi logical name, derived from the component name and schema keys only. */
  readonly name: string;
  /** Resource inputs; values may be {@link OutputRef}s to earlier specs. */
  readonly args: Readonly<Record<string, unknown>>;
  /** Keys of earlier specs this one must wait for beyond what its refs imply. */
  readonly dependsOn: readonly string[];
}

/**
 * Checks the invariants every translation keeps: unique keys and names, and refs and dependsOn that
 * point to earlier specs (so the list is in creation order). A failure is a bug in a translator.
 */
export function assertSpecGraph(specs: readonly ResourceSpec[]): void {
  const seenKeys = new Set<string>();
  const seenNames = new Set<string>();
  for (const spec of specs) {
    if (seenKeys.has(spec.key)) throw new Error(`duplicate spec key ${spec.key}`);
    if (seenNames.has(`${spec.type}::${spec.name}`)) throw new Error(`duplicate resource name ${spec.name} of type ${spec.type}`);
    for (const target of [...collectRefs(spec.args).map((r) => r.$ref), ...spec.dependsOn]) {
      if (!seenKeys.has(target)) throw new Error(`spec ${spec.key} refers to ${target}, which is not declared before it`);
    }
    seenKeys.add(spec.key);
    seenNames.add(`${spec.type}::${spec.name}`);
  }
}

/** Every {@link OutputRef} inside a value, depth first. */
export function collectRefs(value: unknown): OutputRef[] {
  if (isOutputRef(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(collectRefs);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(collectRefs);
  return [];
}

/** Renders a spec's args for people: refs as `<key.output>`. Used by `pulumi-mcp-auth plan --idp`. */
export function describeArgs(value: unknown): unknown {
  if (isOutputRef(value)) return `<${value.$ref}.${value.output}>`;
  if (Array.isArray(value)) return value.map(describeArgs);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describeArgs(inner)]));
  }
  return value;
}
