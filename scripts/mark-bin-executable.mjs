// tsc writes dist/cli/main.js without the executable bit; `npx pulumi-mcp-auth` in a checkout runs that file
// directly, so every build sets the bit (an installed package gets it from npm anyway).
import { chmodSync, readFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
for (const bin of Object.values(manifest.bin)) chmodSync(new URL(`../${bin}`, import.meta.url), 0o755);
