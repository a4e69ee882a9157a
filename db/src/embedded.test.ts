import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './embedded';

describe('the embedded data directory lock', () => {
  const dataDir = () => join(mkdtempSync(join(tmpdir(), 'anbinh-lock-')), 'pglite');

  it('refuses a second owner while the first holds it, and frees it on release', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.pid}.*PGLITE_DATA_DIR`));
    release();
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that died', () => {
    const dir = dataDir();
    writeFileSync(`${dir}.lock`, '2147483646');
    expect(() => lockDataDir(dir)()).not.toThrow();
  });
});
