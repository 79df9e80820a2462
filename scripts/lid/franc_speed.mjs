// Times franc (npm franc@6.2.0, the most used JavaScript language identifier) on the same evaluation texts as
// `bench language-eval`, so that CorpusForge's speed can be stated as a ratio to it, measured back to back.
// usage: node franc_speed.mjs FRANC_MODULE_DIR EVAL_JSONL
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [moduleDir, evalPath] = process.argv.slice(2);
const { franc } = await import(pathToFileURL(path.join(moduleDir, 'index.js')).href);
const samples = readFileSync(evalPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const chars = samples.reduce((n, s) => n + s.text.length, 0);
for (const s of samples.slice(0, 200)) franc(s.text); // warm-up
const start = process.hrtime.bigint();
let checksum = 0;
for (const s of samples) checksum += franc(s.text).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`franc: ${samples.length} texts in ${seconds.toFixed(2)} s (${(chars / seconds / 1e6).toFixed(2)} M chars/s, 1 thread) [${checksum}]`);
