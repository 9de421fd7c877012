import net from "node:net";

/** A response read off the wire. */
export interface RawAnswer {
  readonly status: number;
  readonly challenge: string | null;
  readonly body: unknown;
}

/**
 * GET `path` over a plain socket with the given header lines sent as written: `fetch` joins repeated
 * headers into one and Node's client will not send two `Authorization` lines, so this is how a test sends
 * what an attacker can. The body is parsed as JSON when it looks like JSON.
 */
export function rawGet(origin: string, path: string, headerLines: readonly string[]): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write([`GET ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, ...headerLines, "Connection: close", "", ""].join("\r\n"));
    });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      let body = text.slice(split + 4);
      if (headers.get("transfer-encoding") === "chunked") body = unchunk(body);
      resolve({ status: Number(statusLine.split(" ")[1]), challenge: headers.get("www-authenticate") ?? null, body: body.startsWith("{") ? JSON.parse(body) : body });
    });
  });
}

function unchunk(body: string): string {
  let rest = body;
  let out = "";
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 4 + size);
  }
}
