import { jwtVerify } from "jose";
import jwt from "jsonwebtoken";
import jwksRsa from "jwks-rsa";
import { createTokenVerifier } from "../../src/verify/verifier.js";
import { formatNumber, formatRatio, markdownTable, type RatioRow, type Suite } from "../report.js";
import { interleavedRounds } from "../rounds.js";
import { pairedRatio, summarize, type Summary } from "../stats.js";
import { ISSUER, KID, RESOURCE, startBenchIssuer, type BenchIssuer } from "./keys.js";

/** How a contender verifies one token; all three check signature, iss, aud and exp with the same key. */
type VerifyOnce = () => Promise<unknown>;

interface Case {
  readonly alg: string;
  /** Verifications in flight at once: 1 is latency-bound, 8 models a server with concurrent requests. */
  readonly concurrency: number;
  readonly opsPerSecond: Record<string, Summary>;
  readonly samples: Record<string, number[]>;
  readonly ours: { readonly vsJose: Summary; readonly vsJsonwebtoken: Summary };
}

const VERIFIER_TARGET = { op: ">=" as const, value: 0.9 };

/** The three contenders, each warmed so that its key is fetched and cached before anything is timed. */
async function contenders(issuer: BenchIssuer): Promise<Record<string, VerifyOnce>> {
  // The subject: what an MCP server runs, with the options a component emits (jwksUri, algorithms, typ).
  const verifier = createTokenVerifier({ issuer: ISSUER, resource: RESOURCE, jwksUri: issuer.jwksUri, algorithms: [issuer.alg], tokenType: "at+jwt" });
  // The floor: the same cryptography and claim checks with the key in hand, no key set, no extra checks.
  const joseOptions = { issuer: ISSUER, audience: RESOURCE, algorithms: [issuer.alg] };
  // The most used Node alternative: jwks-rsa (cached key lookup by kid) feeding jsonwebtoken.
  const keys = jwksRsa({ jwksUri: issuer.jwksUri, cache: true });
  const jwtOptions: jwt.VerifyOptions = { issuer: ISSUER, audience: RESOURCE, algorithms: [issuer.alg as jwt.Algorithm] };
  const all: Record<string, VerifyOnce> = {
    "raw jose.jwtVerify": () => jwtVerify(issuer.token, issuer.publicKey, joseOptions),
    "createTokenVerifier": () => verifier.verify(issuer.token),
    "jsonwebtoken + jwks-rsa": async () => jwt.verify(issuer.token, (await keys.getSigningKey(KID)).getPublicKey(), jwtOptions),
  };
  for (const verify of Object.values(all)) await verify();
  return all;
}

/** Runs `operations` verifications with `concurrency` in flight; returns verifications per second. */
async function throughput(verify: VerifyOnce, operations: number, concurrency: number): Promise<number> {
  let started = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < operations) {
        started++;
        await verify();
      }
    }),
  );
  return operations / ((performance.now() - start) / 1000);
}

/**
 * Verifications per second with a warm key cache: `createTokenVerifier` against raw `jose.jwtVerify`
 * with the key object (the floor: the same cryptography, nothing else) and against jsonwebtoken +
 * jwks-rsa, in interleaved rounds.
 */
export const verifierSuite: Suite = {
  name: "verifier",
  async run(context) {
    const algorithms = context.quick ? ["RS256"] : ["RS256", "ES256"];
    const operations = context.quick ? 100 : 1500;
    const rounds = context.quick ? 2 : 15;
    const cases: Case[] = [];
    for (const alg of algorithms) {
      const issuer = await startBenchIssuer(alg);
      try {
        const verifiers = await contenders(issuer);
        for (const concurrency of [1, 8]) {
          context.log(`verifier: ${alg}, ${concurrency} in flight, ${rounds} rounds of ${operations}`);
          const samples = await interleavedRounds(
            Object.entries(verifiers).map(([name, verify]) => ({ name, measure: () => throughput(verify, operations, concurrency) })),
            rounds,
          );
          const ours = samples["createTokenVerifier"] as number[];
          cases.push({
            alg,
            concurrency,
            samples,
            opsPerSecond: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values)])),
            ours: {
              vsJose: pairedRatio(ours, samples["raw jose.jwtVerify"] as number[]),
              vsJsonwebtoken: pairedRatio(ours, samples["jsonwebtoken + jwks-rsa"] as number[]),
            },
          });
        }
      } finally {
        await issuer.close();
      }
    }
    const ratios: RatioRow[] = cases.flatMap((entry) => [
      {
        benchmark: `verifier: ${entry.alg}, ${entry.concurrency} in flight`,
        subject: "createTokenVerifier",
        baseline: "raw jose.jwtVerify",
        measure: "verifications/s, higher is better",
        ratio: entry.ours.vsJose,
        target: VERIFIER_TARGET,
      },
      {
        benchmark: `verifier: ${entry.alg}, ${entry.concurrency} in flight`,
        subject: "createTokenVerifier",
        baseline: "jsonwebtoken + jwks-rsa",
        measure: "verifications/s, higher is better",
        ratio: entry.ours.vsJsonwebtoken,
      },
    ]);
    const names = Object.keys(cases[0]?.opsPerSecond ?? {});
    const table = markdownTable(
      ["Algorithm", "In flight", ...names.map((name) => `${name} /s (median)`), "vs raw jose", "vs jsonwebtoken + jwks-rsa"],
      cases.map((entry) => [
        entry.alg,
        String(entry.concurrency),
        ...names.map((name) => formatNumber(entry.opsPerSecond[name]?.median ?? Number.NaN)),
        formatRatio(entry.ours.vsJose),
        formatRatio(entry.ours.vsJsonwebtoken),
      ]),
      ["l", "r", ...names.map(() => "r" as const), "r", "r"],
    );
    return { name: "verifier", ratios, details: table, figures: cases };
  },
};
