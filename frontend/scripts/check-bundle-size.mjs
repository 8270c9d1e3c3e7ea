// Fails the build when the JavaScript a first visit must load is over budget (gzipped).
// Counts what dist/index.html references: the entry script(s) and their modulepreload links;
// pages behind lazy routes are fetched later and are not counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.BUNDLE_BUDGET_KB ?? 150);
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const scripts = new Set();
for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) scripts.add(match[1]);
for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) {
  scripts.add(match[1]);
}
for (const match of html.matchAll(/<link[^>]+href="([^"]+\.js)"[^>]+rel="modulepreload"/g)) {
  scripts.add(match[1]);
}
if (scripts.size === 0) {
  console.error('check-bundle-size: dist/index.html references no JavaScript');
  process.exit(1);
}

let total = 0;
for (const src of scripts) {
  const bytes = gzipSync(readFileSync(join(dist, src.replace(/^\//, ''))), { level: 9 }).length;
  total += bytes;
  console.log(`  ${src}  ${(bytes / 1024).toFixed(1)} KB gzipped`);
}
const totalKb = total / 1024;
if (totalKb > BUDGET_KB) {
  console.error(
    `check-bundle-size: initial JavaScript is ${totalKb.toFixed(1)} KB gzipped, over the ${String(BUDGET_KB)} KB budget`,
  );
  process.exit(1);
}
console.log(
  `check-bundle-size: initial JavaScript ${totalKb.toFixed(1)} KB gzipped (budget ${String(BUDGET_KB)} KB)`,
);
