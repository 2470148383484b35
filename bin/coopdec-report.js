#!/usr/bin/env node
// Plain-node entry point: runs the compiled CLI (npm run compile), no TypeScript loader at run time.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
