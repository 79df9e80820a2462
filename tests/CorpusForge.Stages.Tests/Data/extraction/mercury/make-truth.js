// Runs Mercury 1.1.1's site-specific extractors on the fixtures its own tests name, writes source + Mercury content.
const fs = require('fs'), path = require('path');
const root = '/tmp/x4/npm/merc/package';
process.chdir(root);
const Mercury = require(root + '/dist/mercury.js');
const cheerio = require('cheerio');
const out = process.argv[2];
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
