#!/usr/bin/env node
/**
 * Alternating whole-process timings, for comparing start-up variants on a shared machine:
 * each round runs every variant once, in turn, so load from other processes falls on all alike.
 *
 *   node bench/alternate.mjs --rounds 7 -- 'plain=node bin/coopdec-report.js build --no-cache --out /tmp/a' 'snap=...'
 *
 * Prints each variant's median and min wall time, its median CPU time (user + system, from
 * /usr/bin/time: less sensitive than wall time to other processes on a shared machine), and
 * their ratios to the first variant's.
 * Every command runs through /bin/sh (so a variant may set environment variables).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, warmup: { type: 'string', default: '1' } }, allowPositionals: true });
const variants = positionals.map((p) => {
  const at = p.indexOf('=');
  return { name: p.slice(0, at), command: p.slice(at + 1), times: [] };
});
const timeFile = join(mkdtempSync(join(tmpdir(), 'alternate-')), 'time');
const run = (v) => {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, '/bin/sh', '-c', v.command], { stdio: ['ignore', 'ignore', 'inherit'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${v.name} exited with ${r.status}`);
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: (user + system) * 1000 };
};
for (let w = 0; w < Number(values.warmup); w++) for (const v of variants) run(v);
for (let round = 0; round < Number(values.rounds); round++) for (const v of variants) v.times.push(run(v));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const wall = (v) => v.times.map((t) => t.wall);
const cpu = (v) => v.times.map((t) => t.cpu);
const [baseWall, baseCpu] = [median(wall(variants[0])), median(cpu(variants[0]))];
for (const v of variants) {
  const [w, c] = [median(wall(v)), median(cpu(v))];
  console.log(
    `${v.name.padEnd(14)} wall median ${w.toFixed(0).padStart(6)} ms (min ${Math.min(...wall(v))
      .toFixed(0)
      .padStart(6)}) ratio ${(w / baseWall).toFixed(3)} | cpu median ${c.toFixed(0).padStart(6)} ms ratio ${(c / baseCpu).toFixed(3)} (${v.times.length} rounds)`,
  );
}
