import { startDocumentServer } from "../../examples/demo/document-host.js";
import { createLocalCertificateAuthority } from "../../examples/demo/local-ca.js";
import { startDevAuthorizationServer } from "../../src/dev/server.js";
import type { McpAuthConfig } from "../../src/schema/parse.js";
import { formatNumber, formatRatio, markdownTable, type RatioRow, type Suite } from "../report.js";
import { interleavedRounds } from "../rounds.js";
import { median, pairedRatio, summarize, type Summary } from "../stats.js";
import { PERSON, pkceFlow, REDIRECT_URI, RESOURCE } from "./suite.js";

const SCOPES = ["github:read"];
const DECLARED = "agent";

/**
 * One resource whose only scope needs consent, so that every flow meets the same pages (sign-in, consent)
 * whether its client is declared, identified by a metadata document, or registered at run time.
 */
const CONFIG: McpAuthConfig = {
  version: 1,
  resources: { github: { uri: RESOURCE, scopes: { "github:read": { description: "Read repositories", consent: "required" } } } },
  clients: { [DECLARED]: { redirectUris: ["http://127.0.0.1/callback"], access: { github: SCOPES } } },
  registration: {
    dynamic: { maxClients: 10_000 },
    clientIdMetadataDocuments: { allowedHosts: ["localhost"] },
    access: { github: SCOPES },
  },
};

type Variant = "declared" | "cimdFirstUse" | "cimdCached" | "dynamicRegistration";

const LABELS: Record<Variant, string> = {
  declared: "declared client",
  cimdFirstUse: "client ID metadata document, first use (fetched over https)",
  cimdCached: "client ID metadata document, cached",
  dynamicRegistration: "dynamic registration (POST /reg) + flow",
};

/**
 * Latency of a complete PKCE flow for clients in nobody's file, beside the same flow for a declared client,
 * on one dev server: a metadata document client whose document is fetched during the flow (a fresh URL each
 * time), one whose document is cached, and a client that registers itself first (the registration is timed
 * with the flow). Documents are served over https on loopback with a CA made for the run.
 */
export const devUnregisteredSuite: Suite = {
  name: "dev-unregistered",
  async run(context) {
    const rounds = context.quick ? 2 : 12;
    const flowsPerRound = context.quick ? 3 : 20;
    const ca = await createLocalCertificateAuthority();
    const documents = await startDocumentServer(ca);
    const dev = await startDevAuthorizationServer({ config: CONFIG, users: [PERSON], metadataDocuments: { allowLoopback: true, trustedCertificates: [ca.certificatePem] } });
    let published = 0;
    const publish = (maxAge: number): string => {
      const path = `/agents/${++published}.json`;
      const url = `${documents.origin}${path}`;
      documents.route(path, { json: { client_id: url, client_name: "Bench agent", redirect_uris: ["http://127.0.0.1/callback"] }, headers: { "cache-control": `max-age=${maxAge}` } });
      return url;
    };
    const cachedUrl = publish(600);
    const register = async (): Promise<string> => {
      const response = await fetch(`${dev.issuer}/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_name: "Bench agent", redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none", scope: SCOPES.join(" ") }),
      });
      const body = (await response.json()) as { client_id?: string };
      if (response.status !== 201 || body.client_id === undefined) throw new Error(`registration failed: ${response.status} ${JSON.stringify(body)}`);
      return body.client_id;
    };
    const flows: Record<Variant, () => Promise<number>> = {
      declared: () => pkceFlow(dev.issuer, { clientId: DECLARED, scopes: SCOPES }),
      cimdFirstUse: () => pkceFlow(dev.issuer, { clientId: publish(60), scopes: SCOPES }),
      cimdCached: () => pkceFlow(dev.issuer, { clientId: cachedUrl, scopes: SCOPES }),
      dynamicRegistration: async () => {
        const start = performance.now();
        const clientId = await register();
        const registered = performance.now() - start;
        return registered + (await pkceFlow(dev.issuer, { clientId, scopes: SCOPES }));
      },
    };
    const variants = Object.keys(flows) as Variant[];
    const latencies = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<Variant, number[]>;
    try {
      for (let index = 0; index < 5; index++) for (const variant of variants) await flows[variant]();
      context.log(`dev-unregistered: ${rounds} rounds of ${flowsPerRound} flows per kind of client`);
      const roundMedians = await interleavedRounds(
        variants.map((variant) => ({
          name: variant,
          measure: async () => {
            const round: number[] = [];
            for (let index = 0; index < flowsPerRound; index++) round.push(await flows[variant]());
            latencies[variant].push(...round);
            return median(round);
          },
        })),
        rounds,
      );
      const summaries = Object.fromEntries(variants.map((variant) => [variant, summarize(latencies[variant])])) as Record<Variant, Summary>;
      const subjects = variants.filter((variant) => variant !== "declared");
      const ratios = Object.fromEntries(subjects.map((variant) => [variant, pairedRatio(roundMedians[variant] as number[], roundMedians["declared"] as number[])]));
      const table = markdownTable(
        ["Client", "Flows", "Median ms", "p95 ms", "Min / max ms", "Ratio to declared"],
        variants.map((variant) => {
          const figures = summaries[variant];
          const ratio = ratios[variant];
          return [LABELS[variant], String(figures.n), formatNumber(figures.median), formatNumber(figures.p95), `${formatNumber(figures.min)} / ${formatNumber(figures.max)}`, ratio ? formatRatio(ratio) : "1"];
        }),
        ["l", "r", "r", "r", "r", "r"],
      );
      const rows: RatioRow[] = subjects.map((variant) => ({
        benchmark: "dev server: complete PKCE flow for a client in nobody's file",
        subject: LABELS[variant],
        baseline: "declared client, same flow",
        measure: "median latency per flow, lower is better",
        ratio: ratios[variant] as Summary,
      }));
      return {
        name: "dev-unregistered",
        ratios: rows,
        details: `${table}\n\nEvery flow runs in a fresh browser (sign-in and consent pages) and its access token is checked (aud = the resource, scope github:read). Documents: ${documents.requests.length} fetched in all.`,
        figures: { ...summaries, ratios, latenciesMs: latencies, documentFetches: documents.requests.length },
      };
    } finally {
      await dev.close();
      await documents.close();
    }
  },
};
