/** Tokens nobody issued must be refused, however right their claims look. */
import { forgeSigned, forgeUnsigned } from "../forge.js";
import type { Check } from "./context.js";
import { claimsForThisServer, expectRefusal, sendWithToken } from "./exchange.js";

/** RFC 8725 §3.1, RFC 9068 §4: an unsecured JWT (`alg: none`) with plausible claims gets 401. */
export const forgedNone: Check = {
  id: "forged-none",
  title: "An unsigned token (alg: none) with plausible claims is refused with 401",
  async run(context) {
    const { claims, issuer } = claimsForThisServer(context);
    const token = forgeUnsigned(claims);
    const answer = await sendWithToken(context, forgedNone.id, { kind: "header", token });
    return expectRefusal(answer, `an alg: none token with iss ${issuer}, aud ${context.serverUrl}, valid for 5 minutes`);
  },
};

/**
 * RFC 9068 §4: the signature must verify with the issuer's key. The audit signs with its own key, under a
 * `kid` the authorization server really publishes when it can, so a server that only looks the key up
 * (or does not verify at all) is caught.
 */
export const forgedSignature: Check = {
  id: "forged-signature",
  title: "A token signed by a key the audit generated, with the right iss, aud and times, is refused with 401",
  async run(context) {
    const { claims, issuer } = claimsForThisServer(context);
    const { token, how } = await forgeSigned(claims, context.discovery.keyHint);
    const answer = await sendWithToken(context, forgedSignature.id, { kind: "header", token });
    return expectRefusal(answer, `a token ${how}, with iss ${issuer}, aud ${context.serverUrl}, valid for 5 minutes`);
  },
};
