#!/usr/bin/env node
// One case of benchmarks/scale.mjs, in its own process so that its peak memory is its own: runs
// the federation of the run config given as JSON and prints one JSON line with the seconds of
// each round (train + receive + aggregate, and with evaluation) and the process's peak resident
// memory (process.resourceUsage().maxRSS, worker threads included).
//
//   node benchmarks/scale-case.mjs '<run config as JSON>'
import { loadRunData } from '@fedrank/cli';
import { parseRunConfig, runFederation } from '@fedrank/server';
import { initBackend } from '@fedrank/tensor';

const config = parseRunConfig(JSON.parse(process.argv[2]));
await initBackend(config.backend);
const data = await loadRunData(config);
const baseKiB = process.resourceUsage().maxRSS;
const rounds = [];
await runFederation(config, data, {
  onRound: (m) =>
    rounds.push({ round: m.round, seconds: m.seconds, trainSeconds: m.trainSeconds, clients: m.clients, rejected: m.rejectedUpdates }),
});
console.log(JSON.stringify({ rounds, baseKiB, maxRssKiB: process.resourceUsage().maxRSS }));
