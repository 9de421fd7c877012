/**
 * The audit's only way out to the network. It goes where it is allowed to and nowhere else: the MCP
 * server's own origin, and origins that the server's metadata (or metadata it points to) names. Every
 * request has a deadline, every body is read up to a limit, and redirects are followed only within the
 * origin that answered — a server cannot send the audit (or a token it carries) to another host.
 */

/** How far the audit goes for one request. */
export interface HttpLimits {
  /** Deadline of one request, body included. */
  readonly timeoutMs: number;
  /** Bodies longer than this are cut; JSON documents longer than this are refused. */
  readonly maxBodyBytes: number;
  /** Same-origin redirects followed for a GET; none are followed for a POST. */
  readonly maxRedirects: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { timeoutMs: 10_000, maxBodyBytes: 256 * 1024, maxRedirects: 3 };

/** One answer as the audit saw it. */
export interface HttpAnswer {
  /** The URL that answered (after same-origin redirects). */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** The body was longer than the limit and was cut there. */
  readonly truncated: boolean;
}

/** No HTTP answer at all: refused, reset, timed out, or not allowed. The message never holds a token. */
export class HttpFailure extends Error {
  override readonly name = "HttpFailure";
}

/** A request; `headers` may carry a token, which is why no message ever prints them. */
export interface HttpRequest {
  readonly method?: "GET" | "POST";
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** An HTTP client bound to an allow-list of origins that grows only when metadata names a URL. */
export class AuditHttp {
  private readonly allowedOrigins = new Set<string>();

  constructor(
    serverUrl: string,
    readonly limits: HttpLimits = DEFAULT_HTTP_LIMITS,
  ) {
    this.allowedOrigins.add(new URL(serverUrl).origin);
  }

  /** Allows `url`'s origin from now on: call it only for URLs the server's metadata chain names. */
  permit(url: string): void {
    this.allowedOrigins.add(new URL(url).origin);
  }

  isPermitted(url: string): boolean {
    return URL.canParse(url) && this.allowedOrigins.has(new URL(url).origin);
  }

  async request(url: string, request: HttpRequest = {}): Promise<HttpAnswer> {
    const method = request.method ?? "GET";
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = this.checkTarget(current);
      const response = await this.send(target, method, request);
      const location = response.headers.get("location");
      if (method === "GET" && response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        const next = URL.canParse(location, target.href) ? new URL(location, target) : undefined;
        if (next === undefined || next.origin !== target.origin) throw new HttpFailure(`${describeUrl(target)} redirected to another origin (${next?.origin ?? "an invalid URL"}); not followed`);
        if (hop >= this.limits.maxRedirects) throw new HttpFailure(`${describeUrl(target)}: more than ${this.limits.maxRedirects} redirects`);
        current = next.href;
        continue;
      }
      const { text, truncated } = await this.readBody(response, target);
      return { url: target.href, status: response.status, headers: response.headers, body: text, truncated };
    }
  }

  /** GETs a JSON object, refusing anything that is not a complete JSON object answered with 200. */
  async getJsonObject(url: string): Promise<{ answer: HttpAnswer; document: Record<string, unknown> }> {
    const answer = await this.request(url, { headers: { accept: "application/json" } });
    if (answer.status !== 200) throw new HttpFailure(`${describeUrl(new URL(answer.url))}: HTTP ${answer.status}`);
    if (answer.truncated) throw new HttpFailure(`${describeUrl(new URL(answer.url))}: larger than ${this.limits.maxBodyBytes} bytes`);
    let document: unknown;
    try {
      document = JSON.parse(answer.body);
    } catch {
      throw new HttpFailure(`${describeUrl(new URL(answer.url))}: not JSON`);
    }
    if (typeof document !== "object" || document === null || Array.isArray(document)) throw new HttpFailure(`${describeUrl(new URL(answer.url))}: not a JSON object`);
    return { answer, document: document as Record<string, unknown> };
  }

  private checkTarget(url: string): URL {
    if (!URL.canParse(url)) throw new HttpFailure(`not a URL: ${JSON.stringify(url.slice(0, 200))}`);
    const target = new URL(url);
    if (target.protocol !== "https:" && target.protocol !== "http:") throw new HttpFailure(`${target.protocol} URLs are not fetched (only http and https)`);
    if (!this.allowedOrigins.has(target.origin)) throw new HttpFailure(`${target.origin} is neither the server's origin nor named by its metadata; not fetched`);
    return target;
  }

  private async send(target: URL, method: string, request: HttpRequest): Promise<Response> {
    try {
      return await fetch(target, {
        method,
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.limits.timeoutMs),
      });
    } catch (error) {
      throw new HttpFailure(`${describeUrl(target)}: ${this.reason(error)}`);
    }
  }

  private async readBody(response: Response, target: URL): Promise<{ text: string; truncated: boolean }> {
    const reader = response.body?.getReader();
    if (reader === undefined) return { text: "", truncated: false };
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
        const room = this.limits.maxBodyBytes - size;
        if (value.byteLength > room) {
          chunks.push(value.subarray(0, room));
          await reader.cancel();
          return { text: Buffer.concat(chunks).toString("utf8"), truncated: true };
        }
        chunks.push(value);
        size += value.byteLength;
      }
    } catch (error) {
      throw new HttpFailure(`${describeUrl(target)}: ${this.reason(error)} while reading the body`);
    }
  }

  private reason(error: unknown): string {
    if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${this.limits.timeoutMs} ms`;
    const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    if (typeof cause?.code === "string") return typeof cause.message === "string" ? cause.message : cause.code;
    return error instanceof Error ? error.message : String(error);
  }
}

/** A URL as messages show it: without its query, where a token in the query string would be. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
