#!/usr/bin/env node
/**
 * Runs a command with WebGPU on SwiftShader, the CPU implementation of Vulkan that Debian's
 * `chromium` package ships: `node scripts/with-swiftshader.mjs <command> [args...]`.
 * The Vulkan loader reads these variables when the process starts, so they are set here, before
 * the command runs, rather than by the command itself. Fails (exit 2) when SwiftShader is absent.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const dir = process.env.FEDRANK_SWIFTSHADER_DIR ?? '/usr/lib/chromium';
const icd = `${dir}/vk_swiftshader_icd.json`;
const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('usage: node scripts/with-swiftshader.mjs <command> [args...]\n');
  process.exit(2);
}
if (!existsSync(icd) || !existsSync(`${dir}/libvulkan.so.1`)) {
  process.stderr.write(`SwiftShader not found: ${icd} and ${dir}/libvulkan.so.1 are needed (Debian: apt install chromium)\n`);
  process.exit(2);
}
const env = {
  ...process.env,
  VK_ICD_FILENAMES: icd,
  LD_LIBRARY_PATH: [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp',
};
const child = spawn(command, args, { env, stdio: 'inherit' });
child.on('error', (e) => {
  process.stderr.write(`${command}: ${e.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
