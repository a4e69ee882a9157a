import pg from 'pg';

/** One statement waiting for its turn: a named prepared statement when `name` is set. */
export interface PipelinedStatement {
  name?: string;
  text: string;
  values: readonly unknown[];
  resolve(result: { rows: any[] }): void;
  reject(error: unknown): void;
}

/** The parts of a pg Client and its Connection that a pipeline uses. */
export interface PgClient {
  query(submittable: Pipeline): unknown;
  connection: PgConnection;
  _types?: unknown;
}
interface PgConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(m: { name?: string; text: string; types: unknown[] }): void;
  bind(m: { statement?: string; values: unknown[] }): void;
  describe(m: { type: 'P'; name: string }): void;
  execute(m: { portal: string }): void;
  sync(): void;
  on(event: 'parseComplete', listener: () => void): void;
  off(event: 'parseComplete', listener: () => void): void;
}
type Result = { rows: any[]; addFields(f: unknown): void; parseRow(f: unknown): any; addRow(r: unknown): void };

/**
 * Several read statements sent to PostgreSQL in one write and answered in one
 * round trip (Parse/Bind/Describe/Execute for each, then a single Sync), given
 * to a pg Client as a "submittable", the hook pg-cursor uses. A socket write
 * costs more CPU than running a small statement, so a unit's detail with two nested lists costs one round trip, not two.
 *
 * Only SELECTs belong here: before the single Sync they share one implicit
 * transaction, and an error skips the statements after it. Those are handed to
 * `retry`, never executed twice.
 */
export class Pipeline {
  private index = 0;
  private result: Result | undefined;
  private rowError: unknown;
  private parses: (string | undefined)[] = [];
  private parsed = 0;
  private connection: PgConnection | undefined;
  private finished = false;
  private readonly onParseComplete = () => {
    // The i-th ParseComplete answers the i-th Parse: only then is a name known to this session.
    const name = this.parses[this.parsed++];
    if (name) this.connection!.parsedStatements[name] = this.texts.get(name)!;
  };
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly statements: PipelinedStatement[],
    private readonly types: unknown,
    private readonly done: (retry: PipelinedStatement[]) => void,
  ) {}

  submit(connection: PgConnection): null {
    this.connection = connection;
    connection.on('parseComplete', this.onParseComplete);
    const parsing = new Set<string>();
    connection.stream.cork?.();
    try {
      for (const s of this.statements) {
        const known = s.name !== undefined && (connection.parsedStatements[s.name] !== undefined || parsing.has(s.name));
        if (!known) {
          connection.parse({ name: s.name, text: s.text, types: [] });
          this.parses.push(s.name);
          if (s.name) {
            parsing.add(s.name);
            this.texts.set(s.name, s.text);
          }
        }
        connection.bind({ statement: s.name, values: s.values as unknown[] });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '' });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: { fields: unknown }) {
    this.result = new pg.Result(undefined as never, this.types as never) as unknown as Result;
    this.result.addFields(message.fields);
  }

  handleDataRow(message: { fields: unknown }) {
    if (this.rowError !== undefined) return;
    try {
      this.result!.addRow(this.result!.parseRow(message.fields));
    } catch (error) {
      this.rowError = error; // a value no parser understands fails its statement only
    }
  }

  handleCommandComplete() {
    const statement = this.statements[this.index++];
    if (this.rowError !== undefined) statement?.reject(this.rowError);
    else statement?.resolve({ rows: this.result?.rows ?? [] });
    this.result = undefined;
    this.rowError = undefined;
  }

  handleEmptyQuery() {
    this.handleCommandComplete();
  }

  handleError(error: unknown) {
    if (this.finished) return;
    // pg reports the error before ReadyForQuery and forgets this pipeline; the server skipped the rest.
    this.statements[this.index]?.reject(error);
    this.finish(this.statements.slice(this.index + 1));
  }

  handleReadyForQuery() {
    this.finish([]);
  }

  handlePortalSuspended() {}
  handleCopyInResponse() {}
  handleCopyData() {}

  private finish(retry: PipelinedStatement[]) {
    if (this.finished) return;
    this.finished = true;
    this.connection?.off('parseComplete', this.onParseComplete);
    this.done(retry);
  }
}

/** Values as pg binds them (dates, arrays, buffers, JSON), mapped before anything is written. */
export const prepareValue: (value: unknown) => unknown = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;
