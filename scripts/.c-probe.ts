import { writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { loadConfigFile } from "../src/schema/index.js";
const dir = mkdtempSync(join(tmpdir(), "probe-"));
const cases: Record<string, () => string> = {
  deep40k: () => "[".repeat(40000) + "]".repeat(40000),
  deep1k: () => "[".repeat(1000) + "]".repeat(1000),
  deep12: () => "a: " + "[".repeat(12) + "]".repeat(12),
  cycle: () => "version: 1\nresources: &x\n  a:\n    b: *x\n",
  bomb: () => "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
  compact: () => "- ".repeat(30000) + "x",
  many: () => { let k = "version: 1\nresources:\n  a:\n    uri: https://a.example.com/a\n    scopes:\n"; for (let i = 0; i < 64000; i++) k += `      s${i}: x\n`; return k; },
  k20: () => { let k = "version: 1\nresources:\n  a:\n    uri: https://a.example.com/a\n    scopes:\n"; for (let i = 0; i < 20000; i++) k += `      s${i}: x\n`; return k; },
  undef: () => "a: *nope\n",
};
const name = process.argv[2]!;
const ext = name.endsWith("json") ? ".json" : ".yaml";
const p = join(dir, name + ext); writeFileSync(p, cases[name.replace(/json$/, "")]!());
const t = Date.now();
try { loadConfigFile(p); console.log(name, "OK"); } catch (e: any) { console.log(name, Date.now() - t, "ms", e.constructor.name, JSON.stringify(e.issues ?? e.message).slice(0, 400)); }
