import https from "node:https";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalCertificateAuthority } from "./local-ca.js";

/** How a path answers: a JSON document (with optional headers and status), or full control. */
export type DocumentRoute =
  | { readonly json: unknown; readonly status?: number; readonly headers?: Readonly<Record<string, string>> }
  | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

/**
 * An https server on 127.0.0.1 that serves client ID metadata documents, as an agent's publisher would, with a
 * certificate from a local CA for `localhost`, `127.0.0.1` and any extra names. It records every request
 * path, so the demo and the tests can count fetches.
 */
export interface DocumentServer {
  /** `https://localhost:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly requests: string[];
  count(path: string): number;
  route(path: string, route: DocumentRoute | undefined): void;
  close(): Promise<void>;
}

export async function startDocumentServer(ca: LocalCertificateAuthority, extraNames: readonly string[] = []): Promise<DocumentServer> {
  const { cert, key } = await ca.issue({ dns: ["localhost", ...extraNames], ip: ["127.0.0.1"] });
  const table = new Map<string, DocumentRoute>();
  const requests: string[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const route = table.get(url);
    if (route === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    } else if (typeof route === "function") {
      route(req, res);
    } else {
      res.writeHead(route.status ?? 200, { "content-type": "application/json", ...route.headers }).end(JSON.stringify(route.json));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://localhost:${port}`,
    port,
    requests,
    count: (path) => requests.filter((request) => request === path).length,
    route: (path, route) => (route === undefined ? table.delete(path) : table.set(path, route)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
