/**
 * The command line: declares the commands and their options (commander) and runs the one asked
 * for (src/commands/); prints what stopped it, with its exit code. With io.ts and world.ts, the
 * code that touches the process (through src/commands/command-io.ts's Io).
 */
import { Command, CommanderError, Help, Option } from 'commander';
import { type BuildCommandOptions, commandBuild } from './commands/build.js';
import { commandCheck } from './commands/check.js';
import { describeFailure, EXIT_OK, EXIT_USAGE, type Io, say } from './commands/command-io.js';
import { commandEditions } from './commands/editions.js';
import { commandExport } from './commands/export.js';
import { commandImport } from './commands/import.js';
import { commandNew, type NewCommandOptions } from './commands/new.js';
import { SETTINGS_FILE } from './commands/project-settings.js';
import { commandProse } from './commands/prose.js';
import { commandReconcile } from './commands/reconcile.js';
import { commandWatch } from './commands/watch.js';
import { PACKAGE_VERSION } from './installed-package.js';
import { oneLine } from './shared/diagnostics.js';
import { editDistance } from './shared/edit-distance.js';
import { errorPrefix, frenchCommander, helpAfterError, helpText, localeOf } from './shared/messages.js';

let theProcessIo: Io | undefined;

/**
 * The process's own streams, environment and working folder, made on first use, not when the
 * module loads: the V8 start-up snapshot (scripts/build-snapshot.mjs) loads this module when it
 * is built, and must not keep that build's working folder or streams.
 */
function processIo(): Io {
  if (theProcessIo) return theProcessIo;
  // `coopdec-report editions | head -1`: a reader that stops early is not an error (no stack trace).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  theProcessIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n'), env: process.env, cwd: process.cwd() };
  return theProcessIo;
}

/**
 * --help in French: commander's own words (defaults, choices) in French, and lines wrapped
 * without breaking at the no-break spaces of French typography.
 */
const FRENCH_HELP: Partial<Help> = {
  optionDescription(this: Help, option: Option) {
    return frenchCommander(Help.prototype.optionDescription.call(this, option));
  },
  boxWrap(this: Help, text: string, width: number) {
    const kept = text.replace(/\u00A0/g, '\uE000').replace(/\u202F/g, '\uE001');
    return Help.prototype.boxWrap
      .call(this, kept, width)
      .replace(/\uE000/g, '\u00A0')
      .replace(/\uE001/g, '\u202F');
  },
};

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  // --debug anywhere on the line (or COOPDEC_DEBUG=1): an internal error prints its stack.
  const debug = args.includes('--debug') || io.env.COOPDEC_DEBUG === '1';
  const argv = args.filter((arg) => arg !== '--debug');
  let exitCode = EXIT_OK;
  const locale = localeOf(io.env);
  const h = (key: Parameters<typeof helpText>[0]) => helpText(key, locale, SETTINGS_FILE);
  const commander = (t: string) => (locale === 'fr' ? frenchCommander(t) : t).trimEnd();
  const program = new Command()
    .name('coopdec-report')
    .description(h('program'))
    .version(PACKAGE_VERSION, '-V, --version', h('version'))
    .helpOption('-h, --help', h('help'))
    .helpCommand('help [command]', h('help'))
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(commander(t)), writeErr: (t) => io.err(commander(t)) })
    .showHelpAfterError(helpAfterError(locale));
  if (locale === 'fr') program.configureHelp(FRENCH_HELP);

  const dataOption = () => new Option('--data <dir>', h('data'));

  program
    .command('build', { isDefault: true })
    .description(h('build'))
    .addOption(dataOption())
    .option('--department <code>', h('department'))
    .option('--all', h('all'))
    .option('--out <file|dir>', h('out'), 'out')
    .option('--timings', h('timings'))
    .option('--no-cache', h('noCache'))
    .option('--jobs <n>', h('jobs'), '1')
    .addOption(new Option('--only <ids>', h('only')).hideHelp())
    .addOption(new Option('--diagnostics-json', h('diagnosticsJson')).hideHelp())
    .action(async (options: BuildCommandOptions) => {
      exitCode = await commandBuild(options, io);
    });

  program
    .command('watch')
    .description(h('watch'))
    .addOption(dataOption())
    .option('--department <code>', h('department'))
    .option('--all', h('all'))
    .option('--out <file|dir>', h('out'), 'out')
    .option('--timings', h('timings'))
    .option('--no-cache', h('watchNoCache'))
    .action(async (options: BuildCommandOptions) => {
      exitCode = await commandWatch({ ...options, jobs: '1' }, io);
    });

  program
    .command('check')
    .description(h('check'))
    .addOption(dataOption())
    .option('--department <code>', h('checkDepartment'))
    .action(async (options: { data?: string; department?: string }) => {
      exitCode = await commandCheck(options, io);
    });

  program
    .command('prose')
    .description(h('prose'))
    .addOption(dataOption())
    .option('--department <code>', h('proseDepartment'))
    .action(async (options: { data?: string; department?: string }) => {
      exitCode = await commandProse(options, io);
    });

  program
    .command('reconcile')
    .description(h('reconcile'))
    .addOption(dataOption())
    .option('--json', h('reconcileJson'))
    .action((options: { data?: string; json?: boolean }) => {
      exitCode = commandReconcile(options, io);
    });

  program
    .command('export')
    .description(h('export'))
    .addOption(dataOption())
    .addOption(new Option('--format <format>', h('format')).choices(['json', 'csv', 'xlsx']).default('json'))
    .option('--output <file>', h('output'))
    .action(async (options: { data?: string; format: 'json' | 'csv' | 'xlsx'; output?: string }) => {
      exitCode = await commandExport(options, io);
    });

  program
    .command('import')
    .description(h('import'))
    .argument('<file>', h('importFile'))
    .requiredOption('--into <dir>', h('into'))
    .action(async (file: string, options: { into: string }) => {
      exitCode = await commandImport(file, options.into, io);
    });

  program
    .command('editions')
    .description(h('editions'))
    .addOption(dataOption())
    .option('--json', h('editionsJson'))
    .action((options: { data?: string; json?: boolean }) => {
      exitCode = commandEditions(options, io);
    });

  program
    .command('new')
    .description(h('new'))
    .option('--from <dir>', h('from'))
    .requiredOption('--year <yyyy>', h('year'))
    .option('--region <slug>', h('region'))
    .option('--region-name <name>', h('regionName'))
    .option('--current', h('current'))
    .action((options: NewCommandOptions) => {
      exitCode = commandNew(options, io);
    });

  // "build" is the default command, so a mistyped command would be taken as build's argument:
  // a first word that is no command and no option is refused, with the nearest command.
  const first = argv[0];
  const commands = [...program.commands.map((c) => c.name()), 'help'];
  if (first !== undefined && !first.startsWith('-') && !commands.includes(first)) {
    const nearest = [...commands].sort((a, b) => editDistance(first, a) - editDistance(first, b))[0]!;
    io.err(errorPrefix(locale) + say(io, 'usage/unknown-command', { command: oneLine(first), ...(editDistance(first, nearest) <= 3 ? { nearest } : {}), commands }));
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const failure = describeFailure(error, io, debug);
    io.err(failure.text);
    return failure.exitCode;
  }
}
