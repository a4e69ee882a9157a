import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Level, type Logger } from 'pino';

/** The request being served: every line logged while serving it carries its id. */
export const currentRequest = new AsyncLocalStorage<{ id: string }>();

const watchers = new Set<(level: number, args: unknown[]) => void>();

/**
 * The hub's log: one JSON object per line on stdout (level, time, message, and
 * `requestId` while a request is served), for journald, Loki or any shipper.
 */
export const logger: Logger = pino(
  {
    level: 'warn', // the hub's start sets LOG_LEVEL's; embedded in tests, only what goes wrong
    base: { service: 'anbinh' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const request = currentRequest.getStore();
      return request ? { requestId: request.id } : {};
    },
    hooks: {
      logMethod(args, method, level) {
        for (const watch of watchers) watch(level, args);
        method.apply(this, args);
      },
    },
  },
  // At a terminal, a line a person reads; anywhere else (systemd, containers, files), JSON for the log shipper.
  process.stdout.isTTY ? { write: (line: string) => void process.stdout.write(readable(line)) } : pino.destination(1),
);

/** A JSON log line as `HH:MM:SS level message key=value …`. */
function readable(line: string): string {
  const { time, level, msg, service: _service, err, ...rest } = JSON.parse(line) as Record<string, unknown> & { err?: { stack?: string } };
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const name = pino.levels.labels[level as number] ?? level;
  return `${String(time).slice(11, 19)} ${name === 'info' ? '' : `${name.toUpperCase()} `}${msg}${fields ? ` ${fields}` : ''}${err?.stack ? `\n${err.stack}` : ''}\n`;
}

/** Sets the lowest level written (LOG_LEVEL). */
export function setLogLevel(level: Level): void {
  logger.level = level;
}

/** Calls `watch` with each line's level and arguments, until the returned function is called: how tests see what was logged. */
export function watchLog(watch: (level: number, args: unknown[]) => void): () => void {
  watchers.add(watch);
  return () => watchers.delete(watch);
}

/** pino's number for the error level. */
export const errorLevel = pino.levels.values.error;
