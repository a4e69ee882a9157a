import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's arguments, read the same way by every CLI of the hub: `--help` prints the usage and exits 0;
 * an unknown or malformed option is one sentence and exit code 2, never a stack. A leading `--` (as
 * `pnpm run <script> -- …` passes it) is skipped.
 */
export function commandLine<O extends Options>(usage: string, options: O, args = process.argv.slice(2)) {
  const given = args[0] === '--' ? args.slice(1) : args;
  if (given.includes('--help') || given.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ args: given, options, allowPositionals: true, strict: true });
  } catch (error) {
    return refuse(`${(error as Error).message.replace(/\.$/, '')}. Run it with --help for its usage.`);
  }
}

/** Stops the command with one sentence on stderr and exit code 2 (a mistake in how it was called). */
export function refuse(sentence: string): never {
  console.error(sentence);
  process.exit(2);
}
