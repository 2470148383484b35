#!/usr/bin/env node
/**
 * Alternating whole-process timings, for comparing start-up variants on a shared machine:
 * each round runs every variant once, in turn, so load from other processes falls on all alike.
 *
 *   node bench/alternate.mjs --rounds 7 -- 'plain=node bin/coopdec-report.js build --no-cache --out /tmp/a' 'snap=...'
 *
 * Prints each variant's median and min wall time and its ratio to the first variant's median.
 * Every command runs through /bin/sh (so a variant may set environment variables).
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, warmup: { type: 'string', default: '1' } }, allowPositionals: true });
const variants = positionals.map((p) => {
  const at = p.indexOf('=');
  return { name: p.slice(0, at), command: p.slice(at + 1), times: [] };
});
const run = (v) => {
  const start = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', v.command], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${v.name} exited with ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
for (let w = 0; w < Number(values.warmup); w++) for (const v of variants) run(v);
for (let round = 0; round < Number(values.rounds); round++) for (const v of variants) v.times.push(run(v));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = median(variants[0].times);
for (const v of variants)
  console.log(
    `${v.name.padEnd(14)} median ${median(v.times).toFixed(0).padStart(6)} ms  min ${Math.min(...v.times)
      .toFixed(0)
      .padStart(6)} ms  ratio ${(median(v.times) / base).toFixed(3)}  (${v.times.length} rounds)`,
  );
