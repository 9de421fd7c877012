/**
 * What a client needs before it has a token: a 401 that points to the resource metadata, that
 * metadata, and authorization servers a client can use with PKCE.
 */
import { describeAnswer } from "../mcp-request.js";
import { fail, pass, skip, type Check } from "./context.js";

/**
 * MCP 2025-11-25 "Protected Resource Metadata Discovery Requirements": a request without a token gets 401
 * and `WWW-Authenticate: Bearer` with `resource_metadata` (RFC 9728 §5.1).
 */
export const unauthenticated401: Check = {
  id: "unauthenticated-401",
  title: "A request without a token gets 401 with a Bearer challenge naming resource_metadata",
  run({ discovery }) {
    const { unauthenticated, challenge } = discovery;
    const seen = describeAnswer(unauthenticated);
    if (unauthenticated.status !== 401) return fail(`expected 401 to an initialize request without a token; got ${seen}`);
    if (challenge === undefined) return fail(`the 401 has no Bearer challenge (RFC 6750 §3); got ${seen}`);
    if (challenge.params["resource_metadata"] === undefined) return fail(`the Bearer challenge has no resource_metadata parameter (RFC 9728 §5.1), so clients must guess the metadata URL; got ${seen}`);
    return pass(`${seen}`);
  },
};

/** RFC 9728 §3: the document is served, names this server exactly, and names its authorization servers. */
export const resourceMetadata: Check = {
  id: "resource-metadata",
  title: "The protected resource metadata names this server exactly and its authorization servers",
  run({ discovery }) {
    const { resourceMetadata: found, resourceMetadataProblem } = discovery;
    const origin = found.source === "challenge" ? "from the challenge's resource_metadata" : "from the well-known URL";
    if (found.document === undefined) return fail(`no usable document ${origin}: ${found.problems.join("; ")}`);
    if (resourceMetadataProblem !== undefined) return fail(`${found.url} (${origin}): ${resourceMetadataProblem}; clients must not use it`);
    const servers = (found.document["authorization_servers"] as string[]).join(", ");
    return pass(`${found.url} (${origin}): resource is exactly the server URL; authorization_servers: ${servers}`);
  },
};

/** RFC 9728 §3.2: the metadata is a JSON object served as `application/json`. */
export const resourceMetadataContentType: Check = {
  id: "resource-metadata-content-type",
  title: "The protected resource metadata is served as application/json",
  run({ discovery }) {
    const answer = discovery.resourceMetadata.answer;
    if (answer === undefined) return skip("no protected resource metadata was found");
    const contentType = answer.headers.get("content-type");
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") return fail(`${answer.url} is served as ${JSON.stringify(contentType)}, not application/json (RFC 9728 §3.2)`);
    return pass(`${answer.url}: Content-Type ${contentType}`);
  },
};

/**
 * MCP 2025-11-25 "Authorization Server Metadata Discovery": each authorization server publishes RFC 8414 or
 * OpenID metadata at a URL of the discovery order, with its exact issuer, and supports PKCE S256 (clients
 * must refuse to proceed without `code_challenge_methods_supported`).
 */
export const authorizationServerMetadata: Check = {
  id: "authorization-server-metadata",
  title: "Each authorization server publishes metadata where MCP clients look, with PKCE S256",
  run({ discovery }) {
    if (discovery.resourceMetadataProblem !== undefined) return skip(`a client would stop before contacting an authorization server: ${discovery.resourceMetadataProblem}`);
    const problems: string[] = [];
    const found: string[] = [];
    for (const server of discovery.authorizationServers) {
      if (server.metadata === undefined) {
        problems.push(`${server.issuer}: no usable metadata (${server.problems.join("; ")})`);
        continue;
      }
      const methods = server.metadata["code_challenge_methods_supported"];
      if (!Array.isArray(methods) || !methods.includes("S256")) {
        problems.push(`${server.issuer}: ${server.url} has code_challenge_methods_supported ${JSON.stringify(methods ?? null)}, without "S256"`);
        continue;
      }
      found.push(`${server.issuer}: ${server.url}`);
    }
    return problems.length > 0 ? fail(problems.join("\n")) : pass(`${found.join("\n")} (issuer exact, S256 supported)`);
  },
};
