import * as pulumi from "@pulumi/pulumi";

/** One resource the program under test declared, as the Pulumi engine would have received it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean;
}

/** One provider function call (data source) the program made. */
export interface RecordedCall {
  readonly token: string;
  readonly inputs: Record<string, any>;
}

export interface MockOptions {
  /** Extra outputs for a resource beyond its inputs (e.g. an Okta server's `issuer`). */
  readonly outputs?: (resource: RecordedResource) => Record<string, unknown>;
  /** Results of provider function calls, e.g. `okta:group/getEveryoneGroup:getEveryoneGroup`. */
  readonly calls?: (call: RecordedCall) => Record<string, unknown>;
}

/**
 * Installs Pulumi mocks that record every resource and call. Each test file runs in its own process
 * (vitest pool "forks"), so the global mock state does not leak between files; call `reset()` between tests.
 */
export function installMocks(options: MockOptions = {}) {
  const resources: RecordedResource[] = [];
  const calls: RecordedCall[] = [];
  pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const recorded: RecordedResource = { type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? true };
        resources.push(recorded);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...(options.outputs?.(recorded) ?? {}) } };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        const recorded: RecordedCall = { token: args.token, inputs: args.inputs };
        calls.push(recorded);
        return options.calls?.(recorded) ?? {};
      },
    },
    "mcp-auth-test",
    "test",
    false,
  );
  return {
    resources,
    calls,
    /** Custom (non-component) resources only: the children a component created. */
    children: () => resources.filter((resource) => resource.custom),
    reset: () => {
      resources.length = 0;
      calls.length = 0;
    },
  };
}

/** The value of an Output, once the mocked engine has resolved it. */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((value) => resolve(value as T)));
}

/** Waits until every resource registration queued so far has reached the mocks. */
export async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
