// Runs Mercury 1.1.1's site-specific extractors on the fixtures its own tests name, writes source + Mercury content.
// Usage: NODE_PATH=<deps>/node_modules node make-truth.js <unpacked npm package dir> <output dir>
//   package dir: `npm pack @postlight/mercury-parser@1.1.1` unpacked (its package/ folder, with fixtures/ and src/);
//   deps: an npm folder holding its registry dependencies (@babel/runtime-corejs2@7 cheerio@0.22.0 difflib
//   ellipsize@0.1.0 iconv-lite@0.4.24 moment@2 moment-parseformat@3.0.0 string-direction@0.1.2 url@0.11 valid-url
//   wuzzy request@2 request-promise@4; its GitHub-hosted dependencies are not needed to parse).
// Prints one line per site: name, content length, whether the first 13 words match the test's assertion.
const fs = require('fs'), path = require('path');
const root = path.resolve(process.argv[2]);
const out = path.resolve(process.argv[3]);
process.chdir(root);
const Mercury = require(path.join(root, 'dist', 'mercury.js'));
const cheerio = require('cheerio');
const dirs = fs.readdirSync('src/extractors/custom').sort();
(async () => {
  const rows = [];
  for (const d of dirs) {
    const t = path.join('src/extractors/custom', d, 'index.test.js');
    if (!fs.existsSync(t)) continue;
    const src = fs.readFileSync(t, 'utf8');
    const url = (src.match(/url\s*=\s*['"`]([^'"`]+)['"`]/) || [])[1];
    const fx = (src.match(/readFileSync\(\s*['"`]([^'"`]+)['"`]/) || [])[1];
    const f13m = src.match(/first13,\s*'((?:[^'\\]|\\.)*)'/) || src.match(/first13,\s*"((?:[^"\\]|\\.)*)"/) || src.match(/first13,\s*`((?:[^`\\]|\\.)*)`/);
    if (!url || !fx) { rows.push([d, 'no-url-or-fixture']); continue; }
    const html = fs.readFileSync(fx);
    let res;
    try { res = await Mercury.parse(url, html, { fallback: false }); } catch (e) { rows.push([d, 'error ' + e.message]); continue; }
    const content = res && res.content || '';
    const $ = cheerio.load(content);
    const words = $('*').first().text().trim().split(/\s+/).slice(0, 13).join(' ');
    const exp = f13m ? f13m[1].replace(/\\(.)/g, '$1') : null;
    const dir = path.join(out, d);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(fx, path.join(dir, 'source.html'));
    fs.writeFileSync(path.join(dir, 'expected.html'), content);
    fs.writeFileSync(path.join(dir, 'url.txt'), url + '\n');
    if (exp) fs.writeFileSync(path.join(dir, 'first13.txt'), exp + '\n');
    rows.push([d, content.length, exp === null ? 'no-first13' : (words.replace(/\s+/g,' ') === exp.replace(/\s+/g,' ') ? 'match' : 'MISMATCH'), fx]);
  }
  for (const r of rows) console.log(r.join('\t'));
})();
