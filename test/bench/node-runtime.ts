import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Node the bench fetches from npm (its `node` package) for a server that needs a newer one than the machine's. */
export const fetchedNode = { version: '24.9.0', folder: fileURLToPath(new URL('../postgraphile5/.node/', import.meta.url)) };

/**
 * A Node binary of at least `major`: this process's own when it is new enough,
 * else npm's `node` package installed once into a git-ignored folder beside PostGraphile 5.
 */
export function nodeAtLeast(major: number): string {
  if (Number(process.versions.node.split('.')[0]) >= major) return process.execPath;
  const binary = `${fetchedNode.folder}node_modules/.bin/node`;
  if (versionOf(binary) !== `v${fetchedNode.version}`) {
    console.log(`[bench] Node ${process.version} is older than ${major}: installing npm's node@${fetchedNode.version} into ${fetchedNode.folder}`);
    execFileSync('npm', ['install', '--prefix', fetchedNode.folder, '--save-exact', '--no-audit', '--no-fund', `node@${fetchedNode.version}`], {
      stdio: 'inherit',
    });
    // The package fetches the binary in its install script: without scripts there is none.
    if (versionOf(binary) !== `v${fetchedNode.version}`) throw new Error(`npm's node@${fetchedNode.version} did not install a working ${binary}.`);
  }
  return binary;
}

function versionOf(binary: string): string {
  return existsSync(binary) ? (spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '') : '';
}
