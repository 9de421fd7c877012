import { webcrypto } from "node:crypto";
// tsyringe, which @peculiar/x509 uses inside, needs the Reflect metadata polyfill loaded first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

/**
 * A certificate authority made for one run of the demo or the tests, to serve https on loopback that a client
 * trusts only because it is told to (the dev server's `metadataDocuments.trustedCertificates`), never by
 * switching checks off. Its key lives in memory and is gone when the process ends. Node can parse
 * certificates but not make them; @peculiar/x509 does that on WebCrypto.
 */
export interface LocalCertificateAuthority {
  /** The CA certificate, PEM: what the client is told to trust. */
  readonly certificatePem: string;
  /** A server certificate for these DNS names and IP addresses, signed by this CA, with its private key (PEM). */
  issue(names: { readonly dns?: readonly string[]; readonly ip?: readonly string[] }): Promise<{ readonly cert: string; readonly key: string }>;
}

const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGNING = { name: "ECDSA", hash: "SHA-256" } as const;

/** Node's WebCrypto, in the type @peculiar/x509 declares for it. */
type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;

export async function createLocalCertificateAuthority(): Promise<LocalCertificateAuthority> {
  const crypto = webcrypto as unknown as X509Crypto;
  const caKeys = await crypto.subtle.generateKey(EC, true, ["sign", "verify"]);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 24 * 3600_000);
  const caName = "CN=pulumi-mcp-auth local CA (one run)";
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: caName,
      keys: caKeys,
      notBefore,
      notAfter,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    certificatePem: ca.toString("pem"),
    async issue({ dns = [], ip = [] }) {
      const keys = await crypto.subtle.generateKey(EC, true, ["sign", "verify"]);
      const cert = await x509.X509CertificateGenerator.create(
        {
          subject: `CN=${dns[0] ?? ip[0] ?? "test server"}`,
          issuer: caName,
          publicKey: keys.publicKey,
          signingKey: caKeys.privateKey,
          notBefore,
          notAfter,
          signingAlgorithm: SIGNING,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension([...dns.map((value) => ({ type: "dns" as const, value })), ...ip.map((value) => ({ type: "ip" as const, value }))]),
            await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
          ],
        },
        crypto,
      );
      const key = x509.PemConverter.encode(await crypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
      return { cert: cert.toString("pem"), key };
    },
  };
}
