// The contract guard's breaking-change check (README, Operations: Contract guard). Compares the
// working tree's graph/schema.graphql with the same file at a base commit using GraphQL Inspector,
// and fails on a breaking change unless a line added to CHANGELOG.md since the base names its
// schema coordinate in backticks (e.g. `User.email`).
//
// The base is $CONTRACT_BASE when set (CI for a pull request: its target branch); otherwise where
// this branch left main (git merge-base HEAD main, or origin/main); on main itself, the first
// parent of HEAD, so a merge commit is checked against the main it was merged into.
//
//   node scripts/schema-contract.mjs          # from anywhere inside the repository
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { CriticalityLevel, diff } from '@graphql-inspector/core';

const SDL = 'graph/schema.graphql';
const CHANGELOG = 'CHANGELOG.md';

function git(...args) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function tryGit(...args) {
  try {
    return git(...args);
  } catch {
    return null;
  }
}

// resolveBase names the commit to compare with.
function resolveBase() {
  if (process.env.CONTRACT_BASE) {
    const base = tryGit('rev-parse', '--verify', `${process.env.CONTRACT_BASE}^{commit}`);
    if (!base) fail(`CONTRACT_BASE=${process.env.CONTRACT_BASE} is not a commit here`);
    return base;
  }
  const head = git('rev-parse', 'HEAD');
  for (const ref of ['main', 'origin/main']) {
    const forkPoint = tryGit('merge-base', 'HEAD', ref);
    if (forkPoint && forkPoint !== head) return forkPoint;
  }
  const parent = tryGit('rev-parse', '--verify', 'HEAD^1');
  if (!parent && git('rev-parse', '--is-shallow-repository') === 'true') {
    // A shallow clone hides the base rather than lacking one: passing would check nothing.
    fail('the clone is shallow, so there is no base to compare with: fetch more history or set CONTRACT_BASE');
  }
  return parent ?? head; // a first commit: only uncommitted changes can break anything
}

function fail(message) {
  console.error(`schema contract: ${message}`);
  process.exit(1);
}

const root = git('rev-parse', '--show-toplevel');
process.chdir(root);
const base = resolveBase();
const baseSDL = tryGit('show', `${base}:${SDL}`);
if (!baseSDL) {
  console.log(`schema contract: ${base.slice(0, 12)} has no ${SDL}; nothing to compare`);
  process.exit(0);
}
if (!existsSync(SDL)) fail(`${SDL} is missing; print it with: go run ./internal/cmd/printschema > ${SDL}`);

const changes = await diff(buildSchema(baseSDL), buildSchema(readFileSync(SDL, 'utf8')));
const baseLog = new Set((tryGit('show', `${base}:${CHANGELOG}`) ?? '').split('\n'));
const addedLog = existsSync(CHANGELOG)
  ? readFileSync(join(root, CHANGELOG), 'utf8').split('\n').filter((line) => !baseLog.has(line))
  : [];
// A change without a coordinate (a root type replaced) must be listed by its message.
const listed = (change) => {
  const needle = change.path ? `\`${change.path}\`` : change.message;
  return addedLog.some((line) => line.includes(needle));
};

const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
const unlisted = breaking.filter((c) => !listed(c));
for (const c of changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous)) {
  console.log(`schema contract: dangerous: ${c.message}`);
}
for (const c of breaking.filter(listed)) {
  console.log(`schema contract: breaking, listed in ${CHANGELOG}: ${c.message}`);
}
if (unlisted.length > 0) {
  const lines = unlisted.map((c) => `  ${c.path ? `\`${c.path}\`` : '(no coordinate)'}: ${c.message}`);
  fail(
    `${unlisted.length} breaking change(s) against ${base.slice(0, 12)} not listed in ${CHANGELOG}:\n${lines.join('\n')}\n` +
      `Deprecate first (@deprecated(reason: "...")), or list each under "## Unreleased" in ${CHANGELOG} with its coordinate in backticks.`,
  );
}
console.log(`schema contract: ${changes.length} change(s) against ${base.slice(0, 12)}, none breaking unlisted`);
