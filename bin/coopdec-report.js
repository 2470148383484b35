#!/usr/bin/env node
// Plain-node entry point: runs the compiled CLI (npm run compile), no TypeScript loader at run time.
import module from 'node:module';

// Node's on-disk compile cache (22.1+) keeps V8's code for every module loaded below: later runs
// skip compiling pdfmake, pdfkit, fontkit and the rest. Stack traces point into src/*.ts through
// the source maps tsc writes beside dist/*.js.
module.enableCompileCache?.();
process.setSourceMapsEnabled?.(true);

const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
