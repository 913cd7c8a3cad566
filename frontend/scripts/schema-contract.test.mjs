// The contract guard itself, on throwaway git repositories: a breaking change fails until a new
// CHANGELOG.md line names it, whichever way the base is found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const guard = join(dirname(fileURLToPath(import.meta.url)), 'schema-contract.mjs');

const schemaV1 = `type Query {
  "The caller."
  me: User!
}
"A person."
type User {
  "Opaque identifier."
  id: ID!
  "Email address."
  email: String!
}
`;
const withoutEmail = schemaV1.replace('  "Email address."\n  email: String!\n', '');
const withName = schemaV1.replace('  id: ID!\n', '  id: ID!\n  "Display name."\n  name: String\n');
const deprecatedEmail = schemaV1.replace('email: String!', 'email: String! @deprecated(reason: "Use `login`.")');
const changelogV1 = '# Changelog\n\n## 1.0.0\n\n- Removed `User.nickname`.\n';

// repo makes a repository whose main holds schemaV1 and changelogV1.
function repo(t) {
  const dir = mkdtempSync(join(tmpdir(), 'schema-contract-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  const write = (schema, changelog) => {
    mkdirSync(join(dir, 'graph'), { recursive: true });
    writeFileSync(join(dir, 'graph/schema.graphql'), schema);
    if (changelog !== undefined) writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  };
  write(schemaV1, changelogV1);
  git('add', '-A');
  git('commit', '-qm', 'v1');
  const check = (env = {}) => {
    const r = spawnSync(process.execPath, [guard], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env, CONTRACT_BASE: env.CONTRACT_BASE ?? '' } });
    return { status: r.status, out: r.stdout + r.stderr };
  };
  const commit = (message) => {
    git('add', '-A');
    git('commit', '-qm', message);
  };
  return { git, write, check, commit };
}

test('a removed field fails on a branch until CHANGELOG.md lists it', (t) => {
  const r = repo(t);
  r.git('switch', '-qc', 'feature');
  r.write(withoutEmail);
  r.commit('remove email');
  let res = r.check();
  assert.equal(res.status, 1, res.out);
  assert.match(res.out, /1 breaking change\(s\) against [0-9a-f]{12} not listed in CHANGELOG\.md/);
  assert.match(res.out, /`User\.email`: Field 'email' was removed from object type 'User'/);

  r.write(withoutEmail, `${changelogV1}\n## Unreleased\n\n- Breaking: removed \`User.email\`; read \`User.login\`.\n`);
  res = r.check();
  assert.equal(res.status, 0, res.out);
  assert.match(res.out, /breaking, listed in CHANGELOG\.md: Field 'email' was removed/);
});

test('an old CHANGELOG.md line does not excuse a new breaking change', (t) => {
  const r = repo(t);
  r.write(schemaV1, `${changelogV1}- Mentions \`User.email\` in passing.\n`);
  r.commit('older entry');
  r.git('switch', '-qc', 'feature');
  r.write(withoutEmail);
  r.commit('remove email');
  const res = r.check();
  assert.equal(res.status, 1, res.out);
  assert.match(res.out, /`User\.email`/);
});

test('additions and deprecations pass without a CHANGELOG.md entry', (t) => {
  const r = repo(t);
  r.git('switch', '-qc', 'feature');
  for (const schema of [withName, deprecatedEmail]) {
    r.write(schema);
    r.commit('compatible change');
    const res = r.check();
    assert.equal(res.status, 0, res.out);
    assert.match(res.out, /none breaking unlisted/);
  }
});

test('on main, a merged breaking change is checked against the first parent', (t) => {
  const r = repo(t);
  r.write(withoutEmail);
  r.commit('remove email');
  let res = r.check();
  assert.equal(res.status, 1, res.out);

  r.write(withoutEmail, `${changelogV1}\n## Unreleased\n\n- Breaking: removed \`User.email\`.\n`);
  r.commit('changelog');
  res = r.check({ CONTRACT_BASE: 'HEAD~2' });
  assert.equal(res.status, 0, res.out);
  res = r.check(); // HEAD^ still has the schema without email: nothing changed since
  assert.equal(res.status, 0, res.out);
  assert.match(res.out, /0 change\(s\)/);
});

test('CONTRACT_BASE names the base explicitly', (t) => {
  const r = repo(t);
  r.write(withoutEmail);
  r.commit('remove email');
  r.write(withName.replace('  "Email address."\n  email: String!\n', ''));
  r.commit('add name');
  assert.equal(r.check().status, 0); // HEAD^ already lacked email
  const res = r.check({ CONTRACT_BASE: 'HEAD~2' });
  assert.equal(res.status, 1, res.out);
  assert.match(res.out, /`User\.email`/);
});

test('a base without graph/schema.graphql has nothing to compare', (t) => {
  const r = repo(t);
  r.git('rm', '-q', 'graph/schema.graphql');
  r.commit('no schema yet');
  r.git('switch', '-qc', 'feature');
  r.write(withoutEmail);
  r.commit('the schema file appears');
  const res = r.check();
  assert.equal(res.status, 0, res.out);
  assert.match(res.out, /has no graph\/schema\.graphql; nothing to compare/);
});
