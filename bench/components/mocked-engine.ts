import * as pulumi from "@pulumi/pulumi";

/** What a benchmark target tells the mocked engine to answer, beyond echoing inputs. */
export interface MockAnswers {
  /** Extra outputs of a resource (e.g. an Okta server's `issuer`), by type token and logical name. */
  readonly outputs: (type: string, name: string) => Record<string, unknown>;
  /** The result of a provider function (data source) call. */
  readonly call: (token: string, inputs: Record<string, unknown>) => Record<string, unknown>;
}

/** One resource as the engine received it; `dependencies` are logical names (URNs differ by parent). */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
}

/** Optional hooks, for the graph check and the memory measurement; timing runs use none. */
export interface Observers {
  /** Receives every registration with its dependencies. */
  readonly record?: Registration[] | undefined;
  /** Called as each resource reaches the engine (where memory is sampled). */
  readonly onRegistration?: (() => void) | undefined;
}

export interface MockedRun {
  /** Resource registrations that reached the engine (custom resources and components). */
  readonly registrations: number;
  /** Provider function calls that reached the engine. */
  readonly calls: number;
}

/**
 * Declares a Pulumi program against fresh mocks and resolves once the program is completely done:
 * `pulumi.runtime.disconnect()` waits until the runtime's RPC queue has drained — every registration,
 * every call and the component's `registerResourceOutputs` — and then drops the mock monitor, so the
 * next run starts from a clean engine. Counting registrations instead would stop before the outputs of
 * a component are registered and would flatter the component.
 */
export async function declareUnderMocks(declare: () => void, answers: MockAnswers, observe: Observers = {}): Promise<MockedRun> {
  let registrations = 0;
  let calls = 0;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations++;
        observe.onRegistration?.();
        return { id: `${args.name}-id`, state: { ...args.inputs, ...answers.outputs(args.type, args.name) } };
      },
      call(args) {
        calls++;
        return answers.call(args.token, args.inputs);
      },
    },
    "mcp-auth-bench",
    "bench",
    false,
  );
  if (observe.record) recordRegistrations(observe.record);
  declare();
  await pulumi.runtime.disconnect();
  return { registrations, calls };
}

/**
 * Records every registration with its dependencies, for the check that a raw baseline and a component
 * declare the same graph. The mocks API passes no dependencies, so this wraps the mock monitor's
 * `registerResource` (runtime internals, used only by that check, never while timing).
 */
function recordRegistrations(record: Registration[]): void {
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    record.push({
      type: request.getType(),
      name: request.getName(),
      custom: request.getCustom(),
      inputs: request.getObject()?.toJavaScript() ?? {},
      dependencies: request.getDependenciesList().map((urn) => urn.slice(urn.lastIndexOf("::") + 2)).sort(),
    });
    original(request, callback);
  };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
}

interface MonitorLike {
  registerResource(request: RegisterRequest, callback: (...args: unknown[]) => void): void;
}
