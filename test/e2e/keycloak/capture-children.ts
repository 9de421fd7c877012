/**
 * Builds a component under Pulumi mocks and captures every child exactly as the engine would receive it:
 * type, name, resolved inputs, and the children it depends on (explicit `dependsOn` plus the resources
 * behind every Output among its inputs, which is how Pulumi orders creation).
 */
import * as pulumi from "@pulumi/pulumi";

export interface CapturedChild {
  readonly type: string;
  readonly name: string;
  /** Inputs as resolved by the mocked engine; ids of other children appear as {@link idPlaceholder}s. */
  readonly inputs: Record<string, unknown>;
  /** Names of the children this one waits for. */
  readonly dependsOn: readonly string[];
}

/** What a child's id looks like until the applier knows the real one. */
export function idPlaceholder(type: string, name: string): string {
  return `\u27eaid:${type}::${name}\u27eb`;
}

export const ID_PLACEHOLDER = /^\u27eaid:(.+)::(.+)\u27eb$/;

/**
 * Runs `build(opts)` (which must pass `opts` to the component) under fresh mocks and returns the
 * component and its custom-resource children in an order that respects every dependency. Throws if the
 * dependencies form a cycle or name a resource outside the component.
 */
export async function captureChildren<T>(build: (opts: pulumi.ComponentResourceOptions) => T): Promise<{ component: T; children: CapturedChild[] }> {
  const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.custom !== false) registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: args.custom === false ? undefined : idPlaceholder(args.type, args.name), state: args.inputs };
      },
      call() {
        throw new Error("applier: the component made a provider function call, which the applier cannot reproduce");
      },
    },
    "mcp-auth-e2e",
    "e2e",
    false,
  );

  const names = new Map<pulumi.Resource, string>();
  const pendingDependencies: Array<Promise<[string, string[]]>> = [];
  const capture: pulumi.ResourceTransformation = (args) => {
    names.set(args.resource, args.name);
    pendingDependencies.push(dependenciesOf(args).then((resources) => [args.name, resources.map((resource) => names.get(resource) ?? "<outside>")]));
    return undefined;
  };
  const component = build({ transformations: [capture] });
  // Let every registration reach the mocks.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  const dependencies = new Map(await Promise.all(pendingDependencies));

  const children = registered.map((child) => ({ ...child, dependsOn: [...new Set(dependencies.get(child.name) ?? [])] }));
  return { component, children: dependencyOrder(children) };
}

async function dependenciesOf(args: pulumi.ResourceTransformationArgs): Promise<pulumi.Resource[]> {
  // instantiateSpecs passes dependsOn as a plain list of resources.
  const declared = args.opts.dependsOn;
  if (pulumi.Output.isInstance(declared)) throw new Error("applier: dependsOn as an Output is not supported");
  const explicit = (Array.isArray(declared) ? declared : declared === undefined ? [] : [declared]) as pulumi.Resource[];
  const viaInputs = await Promise.all(outputsIn(args.props).map((output) => (output as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources()));
  return [...explicit, ...viaInputs.flatMap((set) => [...set])].filter((resource) => !(resource instanceof pulumi.ComponentResource));
}

function outputsIn(value: unknown): pulumi.Output<unknown>[] {
  if (pulumi.Output.isInstance(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(outputsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(outputsIn);
  return [];
}

/** A stable topological order: registration order, except that nothing precedes what it depends on. */
function dependencyOrder(children: CapturedChild[]): CapturedChild[] {
  const byName = new Map(children.map((child) => [child.name, child]));
  for (const child of children) {
    const outside = child.dependsOn.filter((name) => !byName.has(name));
    if (outside.length > 0) throw new Error(`applier: ${child.name} depends on ${outside.join(", ")}, which the component did not declare`);
  }
  const ordered: CapturedChild[] = [];
  const placed = new Set<string>();
  while (ordered.length < children.length) {
    const next = children.find((child) => !placed.has(child.name) && child.dependsOn.every((name) => placed.has(name)));
    if (!next) throw new Error("applier: the children's dependencies form a cycle");
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
