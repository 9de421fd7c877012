import { X509Certificate } from "node:crypto";
import type { ConfigIssue } from "../../schema/config-error.js";

/**
 * Dev-only settings for fetching client ID metadata documents, for tests and demos that serve documents on
 * this machine. Neither is needed for documents on public https hosts.
 */
export interface MetadataDocumentOptions {
  /**
   * Fetch documents from loopback addresses (127.0.0.0/8, ::1) too. Private, link-local and other non-public
   * addresses stay refused. Default false.
   */
  readonly allowLoopback?: boolean | undefined;
  /** PEM certificates (e.g. a CA generated for a test run) trusted beside the system's roots. TLS is always checked. */
  readonly trustedCertificates?: readonly string[] | undefined;
}

/** The checked settings. */
export interface CheckedMetadataDocumentOptions {
  readonly allowLoopback: boolean;
  readonly trustedCertificates: readonly string[];
}

/** Checks `metadataDocuments`, adding an issue per wrong field to `issues`. */
export function checkMetadataDocumentOptions(value: unknown, issues: ConfigIssue[]): CheckedMetadataDocumentOptions {
  if (value === undefined) return { allowLoopback: false, trustedCertificates: [] };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ path: "metadataDocuments", message: "must be an object: { allowLoopback?: boolean, trustedCertificates?: PEM strings }" });
    return { allowLoopback: false, trustedCertificates: [] };
  }
  const { allowLoopback = false, trustedCertificates = [], ...unknown } = value as Record<string, unknown>;
  for (const key of Object.keys(unknown)) {
    issues.push({ path: `metadataDocuments.${key}`, message: "is not a setting; allowed: allowLoopback, trustedCertificates" });
  }
  if (typeof allowLoopback !== "boolean") issues.push({ path: "metadataDocuments.allowLoopback", message: "must be true or false" });
  const certificates: string[] = [];
  if (!Array.isArray(trustedCertificates)) {
    issues.push({ path: "metadataDocuments.trustedCertificates", message: "must be a list of PEM certificates" });
  } else {
    trustedCertificates.forEach((pem: unknown, index) => {
      if (typeof pem === "string" && isCertificate(pem)) certificates.push(pem);
      else issues.push({ path: `metadataDocuments.trustedCertificates.${index}`, message: "must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)" });
    });
  }
  return { allowLoopback: allowLoopback === true, trustedCertificates: certificates };
}

function isCertificate(pem: string): boolean {
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) return false;
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
