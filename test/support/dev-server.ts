import { afterAll, beforeAll } from "vitest";
import { startDevAuthorizationServer, type DevAuthorizationServer, type DevAuthorizationServerOptions } from "../../src/dev/index.js";
import { ALICE, devConfig } from "./dev-oauth.js";

/** The dev authorization server of a test file or describe block; read its fields inside tests and hooks. */
export interface DevServerFixture {
  readonly server: DevAuthorizationServer;
  readonly issuer: string;
}

/**
 * Starts a dev authorization server with `config` (default `devConfig()`) and the user alice before the
 * tests of the enclosing file or describe block, and closes it after them.
 */
export function useDevServer(config: DevAuthorizationServerOptions["config"] = devConfig()): DevServerFixture {
  let server: DevAuthorizationServer | undefined;
  beforeAll(async () => {
    server = await startDevAuthorizationServer({ config, users: [ALICE] });
  });
  afterAll(() => server?.close());
  const started = (): DevAuthorizationServer => {
    if (server === undefined) throw new Error("the dev server starts in beforeAll: read it inside a test or hook");
    return server;
  };
  return {
    get server() {
      return started();
    },
    get issuer() {
      return started().issuer;
    },
  };
}
