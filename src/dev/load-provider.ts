/**
 * Loads oidc-provider without its Node.js 20 "Unsupported runtime" line.
 *
 * oidc-provider 9 checks the LTS codename of the running Node.js when its module is evaluated and, below
 * 22 ("Jod"), prints `oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS
 * release.` with `console.warn` (not `process.emitWarning`, so `--no-warnings` does not hide it). 9.13
 * runs correctly on Node.js ≥ 20.19, which this package supports, so for a user the line is only noise that
 * suggests something is broken. The module is therefore imported dynamically, with a `console.warn` filter
 * that drops exactly that line and lives only for the duration of the import; every other warning passes
 * through unchanged, and on Node.js 22 and later nothing is filtered because nothing is printed.
 */

import type * as OidcProvider from "oidc-provider";

type OidcProviderModule = typeof OidcProvider;

/** The one line oidc-provider prints on Node.js 20; matched with `includes` because a TTY gets ANSI colour codes around it. */
export const UNSUPPORTED_RUNTIME_WARNING = "oidc-provider WARNING: Unsupported runtime.";

let loading: Promise<OidcProviderModule> | undefined;

/** The oidc-provider module, imported once per process with the runtime warning filtered out. */
export function loadOidcProvider(): Promise<OidcProviderModule> {
  loading ??= withoutRuntimeWarning(() => import("oidc-provider"));
  return loading;
}

/** Runs `load` with `console.warn` dropping the runtime warning and nothing else; restores it afterwards. */
export async function withoutRuntimeWarning<T>(load: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes(UNSUPPORTED_RUNTIME_WARNING)) return;
    warn.apply(console, args);
  };
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
}
