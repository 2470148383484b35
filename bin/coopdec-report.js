#!/bin/sh
':' //; self=$0; while [ -h "$self" ]; do link=$(readlink "$self"); case $link in /*) self=$link ;; *) self=${self%/*}/$link ;; esac; done
':' //; snap=${self%/*}/../dist/snapshot; flags=--max-semi-space-size=8; node=$(command -v node) || { echo 'coopdec-report: node is not on PATH' >&2; exit 127; }
':' //; if [ "${COOPDEC_SNAPSHOT-}" != 0 ] && [ -f "$snap/startup.blob" ] && [ -f "$snap/node.txt" ] && read -r built < "$snap/node.txt" && [ "$node" -ef "$built" ] && ! [ "$node" -nt "$snap/startup.blob" ]; then exec "$node" $flags --snapshot-blob "$snap/startup.blob" "$self" "$@"; fi
':' //; exec "$node" $flags "$self" "$@"
// The lines above are a shell script and, for Node, a string and a comment each (the file is
// both). Run as a program (npm's bin link, npx, ./bin/coopdec-report.js) it is read by /bin/sh,
// which starts Node from the V8 start-up snapshot (dist/snapshot/, built by `npm run compile`)
// when there is one, built by this same Node binary, and plain Node otherwise: no extra process.
// The snapshot checks its stamp itself (bin/snapshot.cjs) and runs the plain CLI when stale.
// See README, "Start-up snapshot". V8's young generation is capped at 8 MiB a semi-space: fewer
// and cheaper scavenges than its default for this allocation pattern (1x 0.93, 40x 0.92 of the
// time, 40x peak 400 instead of 520 MiB, in alternating runs).
//
// Run as `node bin/coopdec-report.js` it is the plain entry point below: the compiled CLI
// (npm run compile), no TypeScript loader at run time; on Node >= 22.1 with V8's compile cache
// (module.enableCompileCache, absent on Node 20), enabled before the CLI's modules load.
import module from 'node:module';

// Node's on-disk compile cache (22.1+) keeps V8's code for every module loaded below. Stack
// traces point into src/*.ts through the source maps tsc writes beside dist/*.js.
module.enableCompileCache?.();
process.setSourceMapsEnabled?.(true);
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2));
