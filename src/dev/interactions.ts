import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { DevUser } from "./options.js";
import type { DevPolicy } from "./policy.js";
import { consentPage, errorPage, loginPage, PAGE_HEADERS, type RequestSummary, type ScopeLine } from "./pages.js";
import { isFormRequest, readBody } from "./http-body.js";
import { SignInLimiter } from "./sign-in-limiter.js";

type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;

/** `/interaction/<uid>`, `/interaction/<uid>/login`, `/interaction/<uid>/consent`. */
export const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|consent))?$/;

/**
 * The sign-in and consent steps of an authorization request, which oidc-provider leaves to the application.
 *
 * Sign-in checks a username and password against the configured users. Consent is asked only when it is
 * needed: for scopes the config marks `consent: required`, and for every scope a client registered at run
 * time asks for. Everything else the client is granted is granted without a page, and nothing beyond what
 * the config grants the client is ever added to a grant.
 *
 * Failed sign-ins are counted per username: after too many, that username is refused with 429 for a
 * cool-down, whatever the password (sign-in-limiter.ts).
 */
export function interactionHandler(provider: Provider, policy: DevPolicy, users: readonly DevUser[], limiter = new SignInLimiter()) {
  return async (req: IncomingMessage, res: ServerResponse, uid: string, step: string | undefined): Promise<void> => {
    let details: Interaction;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendPage(res, 400, errorPage("invalid_request", "This sign-in has expired or was opened in another browser. Start again from the application."));
    }
    if (details.uid !== uid) return sendPage(res, 400, errorPage("invalid_request", "This page does not belong to the current sign-in."));
    const request = await summarize(provider, policy, details);
    const prompt = details.prompt.name;

    if (req.method === "GET" && step === undefined && prompt === "login") return sendPage(res, 200, loginPage(uid, request, undefined));
    if (req.method === "GET" && step === undefined && prompt === "consent") {
      const toAsk = scopesNeedingConsent(policy, details);
      if (toAsk.length === 0) return grantAndFinish(provider, policy, details, req, res);
      return sendPage(res, 200, consentPage(uid, request, toAsk, details.session?.accountId ?? ""));
    }
    if (req.method === "POST" && step === "login" && prompt === "login") {
      const form = await readForm(req);
      const username = form?.get("username") ?? "";
      const wait = limiter.retryAfterSeconds(username);
      if (wait > 0) {
        res.setHeader("retry-after", String(wait));
        return sendPage(res, 429, loginPage(uid, request, { username, message: tooManyFailures(wait) }));
      }
      if (!passwordMatches(users, username, form?.get("password") ?? "")) {
        limiter.recordFailure(username);
        return sendPage(res, 401, loginPage(uid, request, { username }));
      }
      limiter.recordSuccess(username);
      return provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
    }
    if (req.method === "POST" && step === "consent" && prompt === "consent") {
      const form = await readForm(req);
      if (form?.get("decision") === "allow") return grantAndFinish(provider, policy, details, req, res);
      return provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "the user did not allow the request" },
        { mergeWithLastSubmission: false },
      );
    }
    return sendPage(res, 400, errorPage("invalid_request", `This step (${req.method} ${step ?? "page"}) does not fit the sign-in in progress.`));
  };
}

/**
 * The scopes this request would add to the grant, per resource. oidc-provider already limits them to what
 * getResourceServerInfo allows the client; the filter repeats that here so the grant never depends on it.
 */
function scopesToGrant(policy: DevPolicy, details: Interaction): Array<{ resource: string; scopes: string[] }> {
  const access = policy.clientAccess(String(details.params.client_id));
  const missing = (details.prompt.details.missingResourceScopes ?? {}) as Record<string, string[]>;
  return Object.entries(missing).map(([resource, scopes]) => {
    const allowed = access?.scopesByResource.get(resource) ?? [];
    return { resource, scopes: scopes.filter((scope) => allowed.includes(scope)) };
  });
}

function scopesNeedingConsent(policy: DevPolicy, details: Interaction): ScopeLine[] {
  const registered = policy.clientAccess(String(details.params.client_id))?.registered ?? false;
  return scopesToGrant(policy, details).flatMap(({ resource, scopes }) => {
    const declared = policy.resources.get(resource)?.scopes;
    const needsConsent = (scope: string) => registered || declared?.get(scope)?.consent === "required";
    // Once one scope needs the user's word, the page lists every scope being added, so nothing is granted unseen.
    if (!scopes.some(needsConsent)) return [];
    return scopes.map((name) => ({ name, description: declared?.get(name)?.description ?? name }));
  });
}

async function grantAndFinish(provider: Provider, policy: DevPolicy, details: Interaction, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const oidcScopes = (details.prompt.details.missingOIDCScope ?? []) as string[];
  if (oidcScopes.length > 0) grant.addOIDCScope(oidcScopes.join(" "));
  const oidcClaims = (details.prompt.details.missingOIDCClaims ?? []) as string[];
  if (oidcClaims.length > 0) grant.addOIDCClaims(oidcClaims);
  for (const { resource, scopes } of scopesToGrant(policy, details)) {
    if (scopes.length > 0) grant.addResourceScope(resource, scopes.join(" "));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

async function summarize(provider: Provider, policy: DevPolicy, details: Interaction): Promise<RequestSummary> {
  const clientId = String(details.params.client_id);
  const resourceUri = String(details.params.resource ?? "");
  const access = policy.clientAccess(clientId);
  // Found before (the request got this far); a metadata document refused since then leaves the id as the name.
  const client = await provider.Client.find(clientId).catch(() => undefined);
  return {
    clientId,
    clientName: access?.registered === false ? access.name : (client?.clientName ?? clientId),
    resourceUri,
    resourceName: policy.resources.get(resourceUri)?.name ?? resourceUri,
    registered: access?.registered ?? false,
  };
}

function tooManyFailures(waitSeconds: number): string {
  const minutes = Math.ceil(waitSeconds / 60);
  return `Too many failed sign-ins for this username. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

/** Compares digests in constant time, so a wrong password takes as long to refuse as a nearly right one. */
function passwordMatches(users: readonly DevUser[], username: string, password: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  let match = false;
  for (const user of users) {
    const sameUser = timingSafeEqual(digest(user.username), digest(username));
    const samePassword = timingSafeEqual(digest(user.password), digest(password));
    match ||= sameUser && samePassword;
  }
  return match;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!isFormRequest(req)) return undefined;
  const body = await readBody(req);
  return body === undefined ? undefined : new URLSearchParams(body.toString("utf8"));
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}
