import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { sendJson } from "./http-body.js";
import { INTERACTION_PATH, interactionHandler } from "./interactions.js";
import type { DevUser } from "./options.js";
import type { DevPolicy } from "./policy.js";

interface RoutesInput {
  readonly provider: Provider;
  readonly policy: DevPolicy;
  readonly users: readonly DevUser[];
  /** `host:port` of the issuer: the only Host the server answers. */
  readonly authority: string;
}

/**
 * The dev server's HTTP entry point: its own checks and pages in front of oidc-provider.
 *
 * - The Host header must be the issuer's: a page on another site that rebinds its DNS name to 127.0.0.1
 *   cannot talk to the server, and every URL in discovery names the issuer's host.
 * - `/interaction/*`: sign-in and consent (interactions.ts).
 * - Everything else goes to oidc-provider. The rules of its token and registration endpoints are not checked
 *   here by path: they live inside the endpoints (dev-provider.ts), so they hold on every path variant its
 *   router accepts.
 */
export function devRoutes({ provider, policy, users, authority }: RoutesInput) {
  const oidc = provider.callback();
  const interactions = interactionHandler(provider, policy, users);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== authority) {
      return sendJson(res, 421, { error: "invalid_request", error_description: `this server answers only at http://${authority}` });
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const interaction = INTERACTION_PATH.exec(path);
    if (interaction) return interactions(req, res, interaction[1] as string, interaction[2]);
    return oidc(req, res);
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      sendJson(res, 500, { error: "server_error", error_description: "the dev authorization server failed; see its output" });
      console.error("pulumi-mcp-auth dev server:", error);
    });
  };
}
