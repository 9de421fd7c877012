// Writes every ```ts block of README.md and docs/*.md to examples/readme-snippets/ so `tsc -p examples`
// type-checks the documentation's code like any other example. The folder is generated and ignored by git.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const docs = ["README.md", ...readdirSync(new URL("../docs/", import.meta.url)).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
const readme = docs.map((path) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8")).join("\n");
const target = new URL("../examples/readme-snippets/", import.meta.url);
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
blocks.forEach((code, index) => {
  // Each block is its own module, so names in one block never clash with another's.
  writeFileSync(new URL(`snippet-${index + 1}.ts`, target), `${code}\nexport {};\n`);
});
console.log(`extracted ${blocks.length} TypeScript blocks from README.md and docs/`);
