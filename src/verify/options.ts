/**
 * Options of `createTokenVerifier`. Plain JSON on purpose: IaC components emit this object as a stack
 * output (`verifierOptions`) and an MCP server passes it straight in.
 */
export interface TokenVerifierOptions {
  /** The expected `iss`, compared exactly (a trailing slash matters). */
  readonly issuer: string;
  /** This server's canonical resource URI; it must appear in `aud`. */
  readonly resource: string;
  /** Where the signing keys are; discovered from the issuer's RFC 8414 / OIDC metadata when absent. */
  readonly jwksUri?: string | undefined;
  /** Allowed JWS algorithms; asymmetric only. */
  readonly algorithms?: readonly string[] | undefined;
  /** Leeway for `exp`/`nbf`/`iat` (a token issued further in the future is refused), in seconds; default 30, at most 300. */
  readonly clockToleranceSeconds?: number | undefined;
  /** Other audiences a token may carry besides `resource` (e.g. Auth0's `/userinfo`). Anything else is refused. */
  readonly allowedExtraAudiences?: readonly string[] | undefined;
  /** Tokens longer than this are refused before parsing; default 8192. */
  readonly maxTokenBytes?: number | undefined;
  /**
   * Require this JOSE `typ` header. `"at+jwt"` for IdPs that issue RFC 9068 access tokens; when absent,
   * tokens of other types are accepted but ID tokens are still refused.
   */
  readonly tokenType?: "at+jwt" | undefined;
  /**
   * Least time between two fetches of the key set (and between two discovery attempts after a failure),
   * in seconds; default 30, at least 5. A burst of tokens with unknown key ids costs at most one fetch per period.
   */
  readonly jwksCooldownSeconds?: number | undefined;
  /** Time limit of each metadata or key set request, in seconds; default 5. */
  readonly httpTimeoutSeconds?: number | undefined;
}
