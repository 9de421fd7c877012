import http from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

/** How a route answers: a JSON body, or full control over the response. */
export type Route = { readonly json: unknown; readonly status?: number } | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

/**
 * A loopback HTTP server for tests: routes by exact path, records every request path, so tests can count
 * what the code under test fetched. Port 0, 127.0.0.1 only.
 */
export interface LoopbackServer {
  readonly origin: string;
  /** Every request path (with query) in arrival order. */
  readonly requests: string[];
  count(path: string): number;
  route(path: string, route: Route | undefined): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(routes: Record<string, Route> = {}): Promise<LoopbackServer> {
  const table = new Map<string, Route>(Object.entries(routes));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const route = table.get(url.split("?")[0] ?? url);
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    } else if (typeof route === "function") {
      route(req, res);
    } else {
      res.writeHead(route.status ?? 200, { "content-type": "application/json" }).end(JSON.stringify(route.json));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((request) => request === path).length,
    route: (path, route) => (route === undefined ? table.delete(path) : table.set(path, route)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // undici keeps sockets alive; close them or close() waits for their timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A loopback server with no routes yet, closed when the current test finishes. */
export async function loopbackServerForTest(): Promise<LoopbackServer> {
  const server = await startLoopbackServer();
  onTestFinished(() => server.close());
  return server;
}
