// Writes every ```ts block of README.md to examples/readme-snippets/ so `tsc -p examples` type-checks the
// README's code like any other example. The folder is generated and ignored by git.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const target = new URL("../examples/readme-snippets/", import.meta.url);
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
blocks.forEach((code, index) => {
  // Each block is its own module, so names in one block never clash with another's.
  writeFileSync(new URL(`snippet-${index + 1}.ts`, target), `${code}\nexport {};\n`);
});
console.log(`extracted ${blocks.length} TypeScript blocks from README.md`);
