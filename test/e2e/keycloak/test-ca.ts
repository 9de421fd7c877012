/**
 * A certificate authority made for one run of the Keycloak suite, with openssl (as the suite already runs
 * mvn, unzip and java): Keycloak is told to trust it with `--truststore-paths`, never by switching TLS
 * checks off, and an https server on loopback presents a certificate it signed.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RunCertificateAuthority {
  /** The CA certificate file (PEM): what Keycloak's truststore gets. */
  readonly caFile: string;
  /** A server certificate for `dnsName`, signed by the CA, with its key (PEM text). */
  issue(dnsName: string): Promise<{ readonly cert: string; readonly key: string }>;
  /** Removes the files. */
  dispose(): void;
}

export async function createRunCertificateAuthority(): Promise<RunCertificateAuthority> {
  const dir = mkdtempSync(join(tmpdir(), "kc-e2e-ca-"));
  const caKey = join(dir, "ca.key");
  const caFile = join(dir, "ca.pem");
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await run("openssl", ["req", "-x509", ...ec, "-keyout", caKey, "-out", caFile, "-days", "1", "-subj", "/CN=pulumi-mcp-auth keycloak e2e CA",
    "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  let serial = 1;
  return {
    caFile,
    async issue(dnsName) {
      const base = join(dir, `server-${serial}`);
      await run("openssl", ["req", ...ec, "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${dnsName}`]);
      writeFileSync(`${base}.ext`, `subjectAltName=DNS:${dnsName}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
      await run("openssl", ["x509", "-req", "-in", `${base}.csr`, "-CA", caFile, "-CAkey", caKey, "-set_serial", String(serial++), "-out", `${base}.pem`, "-days", "1", "-extfile", `${base}.ext`]);
      return { cert: readFileSync(`${base}.pem`, "utf8"), key: readFileSync(`${base}.key`, "utf8") };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
