// Writes the config file's JSON Schema (from the built library) to the path given.
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../dist/index.js";

const target = process.argv[2];
if (!target) {
  console.error("usage: node scripts/write-schema.mjs <output.json>");
  process.exit(2);
}
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
