import { describe, expect, it } from 'vitest';
import { useTestHub } from '@anbinh/server/testing';
import { examples } from '../../web/src/ide/examples';

const hub = useTestHub();

// The IDE's preloaded questions must keep working as the schema evolves.
describe('the IDE examples', () => {
  it.each(examples.map((e) => [e.title, e] as const))('%s runs without errors and answers', async (_title, example) => {
    const result = await hub.query(example.query, example.variables ? JSON.parse(example.variables) : undefined);
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data ?? {}).every((v) => v !== null)).toBe(true);
  });
});
