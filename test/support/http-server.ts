import http from "node:http";
import type { AddressInfo } from "node:net";

/** A server under test on 127.0.0.1 and a free port, for a plain handler or an Express app. */
export interface ServerUnderTest {
  readonly origin: string;
  close(): Promise<void>;
}

export async function serve(handler: http.RequestListener): Promise<ServerUnderTest> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
