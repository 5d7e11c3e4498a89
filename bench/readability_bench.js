// readability_bench.js -- Mozilla Readability + jsdom over the same pages
// as bench/extract_speed.c: node readability_bench.js LIST ROUNDS
// Pages are read into memory first; prints one JSON line with pages/s.
// Installed and run by bench/extract_bench.py (npm, bench-local directory).
'use strict';
const fs = require('fs');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');
const [list, roundsArg] = process.argv.slice(2);
const rounds = parseInt(roundsArg || '1', 10);
const pages = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean).map(f => fs.readFileSync(f));
const vc = new VirtualConsole();
let ok = 0;
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  for (const buf of pages) {
    try {
      const dom = new JSDOM(buf, { virtualConsole: vc });
      const art = new Readability(dom.window.document).parse();
      if (art && art.textContent) ok++;
      dom.window.close();
    } catch (e) { /* a page it cannot handle counts as done */ }
  }
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ pages: pages.length, rounds, articles: ok / rounds, seconds: s,
                             pps: pages.length * rounds / s }));
