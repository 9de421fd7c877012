/** The Keycloak Admin REST API over plain fetch, with the admin token of the master realm's admin-cli. */

export class AdminApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} → ${status} ${body.slice(0, 500)}`);
    this.name = "AdminApiError";
  }
}

export interface AdminResponse {
  readonly status: number;
  /** The `Location` header, where Keycloak puts the id of what it created. */
  readonly location: string | undefined;
  readonly json: unknown;
}

export class KeycloakAdminApi {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** `METHOD /admin/realms<path>`; throws {@link AdminApiError} on any status outside 2xx. */
  async request(method: string, path: string, body?: unknown): Promise<AdminResponse> {
    const response = await fetch(`${this.baseUrl}/admin/realms${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new AdminApiError(method, path, response.status, text);
    return { status: response.status, location: response.headers.get("location") ?? undefined, json: text === "" ? undefined : JSON.parse(text) };
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request("GET", path)).json as T;
  }

  /** POSTs and returns the id of the created object, the last segment of `Location`. */
  async create(path: string, body: unknown): Promise<string> {
    const { location } = await this.request("POST", path, body);
    const id = location?.split("/").pop();
    if (!id) throw new Error(`POST ${path} answered without a Location header`);
    return decodeURIComponent(id);
  }

  // The admin token lives 60 s; refresh it a little early.
  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 10_000) return this.token.value;
    const response = await fetch(`${this.baseUrl}/realms/master/protocol/openid-connect/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: this.username, password: this.password }),
    });
    const json = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!response.ok || !json.access_token) throw new Error(`admin login failed: ${response.status} ${JSON.stringify(json)}`);
    this.token = { value: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 60) * 1000 };
    return this.token.value;
  }
}
