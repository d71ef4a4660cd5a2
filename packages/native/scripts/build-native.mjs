#!/usr/bin/env node
// Builds the optional native addon (build/Release/fedrank_native.node) with node-gyp: the
// supermask step's typed-array kernels need only g++; the convolutions also need Debian's
// libdnnl-dev (oneDNN 2.x). Without g++ the build is skipped with one line and fedrank uses its
// JavaScript and wasm kernels. FEDRANK_NATIVE=0 skips the build;
// FEDRANK_REQUIRE_NATIVE=1 turns a failed build into a failed install (CI sets it).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const required = process.env.FEDRANK_REQUIRE_NATIVE === '1';
const say = (line) => console.log(`@fedrank/native: ${line}`);

if (process.env.FEDRANK_NATIVE === '0') {
  say('skipped (FEDRANK_NATIVE=0); fedrank will use its wasm kernels');
  process.exit(0);
}

function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return existsSync(bundled) ? bundled : undefined;
}

const gyp = nodeGyp();
const args = ['rebuild'];
// Build against the installed Node's headers rather than downloading them.
const localHeaders = join(dirname(process.execPath), '..', 'include', 'node', 'node_api.h');
if (!process.env.npm_config_nodedir && existsSync(localHeaders)) args.push(`--nodedir=${join(dirname(process.execPath), '..')}`);

let reason;
if (!gyp) reason = 'node-gyp not found';
else {
  const r = spawnSync(process.execPath, [gyp, ...args], { cwd: here, encoding: 'utf8' });
  const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  writeFileSync(join(here, 'build-native.log'), log);
  if (r.status !== 0) {
    reason = `node-gyp failed (see ${join(here, 'build-native.log')})`;
  }
}
if (reason) {
  say(`native kernels not built: ${reason}; fedrank will use its wasm kernels`);
  process.exit(required ? 1 : 0);
}
const onednn = spawnSync(process.execPath, [join(here, 'scripts', 'has-onednn.mjs')], { encoding: 'utf8' }).stdout === '1';
say(
  `built native kernels${onednn ? ' with oneDNN convolutions' : ' without convolutions (apt-get install libdnnl-dev, then npm rebuild, for those)'}`,
);
