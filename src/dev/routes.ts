import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { isFormRequest, readBody, replayRequest, sendJson } from "./http-body.js";
import { INTERACTION_PATH, interactionHandler } from "./interactions.js";
import type { DevUser } from "./options.js";
import type { DevPolicy } from "./policy.js";
import { checkRegistration } from "./registration-rules.js";
import { tokenRequestRefusal, type TokenRequestLookups } from "./resource-rules.js";

interface RoutesInput {
  readonly provider: Provider;
  readonly policy: DevPolicy;
  readonly users: readonly DevUser[];
  /** `host:port` of the issuer: the only Host the server answers. */
  readonly authority: string;
  readonly registration: boolean;
}

/**
 * The dev server's HTTP entry point: its own checks and pages in front of oidc-provider.
 *
 * - The Host header must be the issuer's: a page on another site that rebinds its DNS name to 127.0.0.1
 *   cannot talk to the server, and every URL in discovery names the issuer's host.
 * - `/interaction/*`: sign-in and consent (interactions.ts).
 * - `POST /token`: the `resource` check of resource-rules.ts, before oidc-provider consumes anything.
 * - `POST /reg` (only with `registration.dynamic`): the checks of registration-rules.ts.
 */
export function devRoutes({ provider, policy, users, authority, registration }: RoutesInput) {
  const oidc = provider.callback();
  const interactions = interactionHandler(provider, policy, users);
  const lookups: TokenRequestLookups = {
    // A client whose metadata document is refused throws here; oidc-provider then answers invalid_client itself.
    accessOf: async (clientId) => ((await provider.Client.find(clientId).catch(() => undefined)) ? policy.clientAccess(clientId) : undefined),
    boundResource: async (grantType, value) => {
      const token = grantType === "authorization_code" ? await provider.AuthorizationCode.find(value) : await provider.RefreshToken.find(value);
      // One resource per authorization (see provider-config.ts), so a code or refresh token holds one.
      return typeof token?.resource === "string" ? token.resource : undefined;
    },
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== authority) {
      return sendJson(res, 421, { error: "invalid_request", error_description: `this server answers only at http://${authority}` });
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const interaction = INTERACTION_PATH.exec(path);
    if (interaction) return interactions(req, res, interaction[1] as string, interaction[2]);
    if (req.method === "POST" && path === "/token" && isFormRequest(req)) {
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, { error: "invalid_request", error_description: "the request body is too large" });
      const refusal = await tokenRequestRefusal(new URLSearchParams(body.toString("utf8")), policy, lookups);
      if (refusal !== undefined) return sendJson(res, 400, { error: "invalid_target", error_description: refusal });
      return oidc(replayRequest(req, body), res);
    }
    if (registration && req.method === "POST" && path === "/reg") {
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, { error: "invalid_request", error_description: "the request body is too large" });
      const checked = checkRegistration(parseJson(body));
      if ("refusal" in checked) return sendJson(res, 400, checked.refusal);
      return oidc(replayRequest(req, Buffer.from(JSON.stringify(checked.metadata))), res);
    }
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

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}
