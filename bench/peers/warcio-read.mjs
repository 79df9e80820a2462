// Peer for `bench warc`: reads a WARC with warcio.js and prints its CPU time, so that reader.warc_v1 can be compared
// back to back on the same file. Copy this file into a scratch folder, run `npm install warcio@2.4.11` there, then
// `node warcio-read.mjs FILE text` (FILE: the WARC that `bench warc` keeps when CORPUSFORGE_WARC_KEEP names a path).
import fs from 'node:fs';
import { WARCParser } from 'warcio';
const file = process.argv[2];
const mode = process.argv[3] || 'text';
const t0 = process.hrtime.bigint(); const c0 = process.cpuUsage();
let n = 0, chars = 0;
const parser = new WARCParser(fs.createReadStream(file));
for await (const record of parser) {
  if (record.warcType === 'response') {
    if (mode === 'text') { const t = await record.contentText(); chars += t.length; }
    else { const b = await record.readFully(true); chars += b.length; }
    n++;
  }
}
const cpu = process.cpuUsage(c0); const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const mb = fs.statSync(file).size / 1048576;
console.log(`warcio.js ${mode}: ${n} responses, ${chars} chars, wall ${wall.toFixed(3)} s, cpu ${((cpu.user + cpu.system)/1e6).toFixed(3)} s, ${(mb / ((cpu.user + cpu.system)/1e6)).toFixed(1)} MB/s compressed per CPU-second`);
