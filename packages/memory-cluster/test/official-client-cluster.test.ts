/**
 * The official `aerospike` client against a 3-node memory cluster: it
 * discovers every node from one seed, and it keeps working, with its default
 * policies, when a node is stopped: errors, if any, stay within a short
 * window after the stop (its tend interval is 1 s by default), then every
 * command succeeds again and no acknowledged write is lost.
 *
 * The official client blocks the event loop while it connects, so the
 * cluster runs in a child process.
 */

import { type MemoryClusterProcess, startMemoryClusterProcess } from '@aerospike-ts/memory-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfficialClient, type OfficialModule, connectOfficial, loadOfficialClient, resultCodeOf } from './support/official.js';

const KEYS = 300;
const WORKERS = 16;
/**
 * Longest time after the stop in which the official client may still fail:
 * its tend interval (1 s) plus a command's total timeout (1 s), with room for
 * a loaded machine.
 */
const ERROR_WINDOW_MS = 3_500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let Aerospike: OfficialModule;
let cluster: MemoryClusterProcess | undefined;
let official: OfficialClient | undefined;

beforeAll(async () => {
  Aerospike = loadOfficialClient();
  cluster = await startMemoryClusterProcess({ nodes: 3, replicationFactor: 2, heartbeatTimeoutMs: 300 });
  const seed = cluster.nodes[0]!;
  official = await connectOfficial(Aerospike, `${seed.host}:${seed.port}`);
});

afterAll(async () => {
  official?.close();
  await cluster?.close();
});

interface Failure {
  at: number;
  op: 'get' | 'put';
  code: number;
}

describe('the official client on a 3-node memory cluster', () => {
  it('discovers all three nodes from one seed', async () => {
    const names = official!
      .getNodes()
      .map((n) => n.name)
      .sort();
    expect(names).toEqual(cluster!.nodes.map((n) => n.name).sort());
  });

  it('keeps working when a node is stopped: errors only in a short window, no lost write', async () => {
    const client = official!;
    const set = `official-cluster-${Date.now().toString(36)}`;
    const key = (k: number): unknown => new Aerospike.Key('test', set, `k${k}`);
    const acked = new Array<number>(KEYS).fill(0);
    const attempted = new Array<number>(KEYS).fill(0);
    for (let k = 0; k < KEYS; k++) {
      await client.put(key(k), { v: 1 });
      acked[k] = 1;
      attempted[k] = 1;
    }

    const failures: Failure[] = [];
    const stale: string[] = [];
    let ok = 0;
    let sequence = 1;
    let running = true;
    const worker = async (w: number): Promise<void> => {
      const mine = Math.ceil((KEYS - w) / WORKERS);
      while (running) {
        const k = w + WORKERS * Math.floor(Math.random() * mine);
        if (Math.random() < 0.5) {
          const before = acked[k]!;
          let v: unknown;
          try {
            v = (await client.get(key(k))).bins.v;
            ok++;
          } catch (err) {
            failures.push({ at: Date.now(), op: 'get', code: resultCodeOf(err) });
            continue;
          }
          if (typeof v !== 'number' || v < before || v > attempted[k]!) stale.push(`k${k}: read ${String(v)}, acknowledged ${before}`);
        } else {
          const value = ++sequence;
          attempted[k] = value;
          try {
            await client.put(key(k), { v: value });
            ok++;
            acked[k] = value;
          } catch (err) {
            failures.push({ at: Date.now(), op: 'put', code: resultCodeOf(err) });
          }
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));

    await sleep(500);
    const stoppedAt = Date.now();
    await cluster!.stopNode(2);
    await sleep(ERROR_WINDOW_MS + 500);
    const okBeforeEnd = ok;
    const endAt = Date.now();
    await sleep(500);
    running = false;
    await Promise.all(workers);

    expect(stale).toEqual([]);
    for (const f of failures) {
      expect(f.at, `${f.op} failed with ${f.code} ${f.at - stoppedAt} ms after the stop`).toBeGreaterThanOrEqual(stoppedAt);
      expect(f.at - stoppedAt, `${f.op} failed with ${f.code} ${f.at - stoppedAt} ms after the stop`).toBeLessThan(ERROR_WINDOW_MS);
    }
    // It carried on after the window.
    expect(ok).toBeGreaterThan(okBeforeEnd);
    expect(failures.filter((f) => f.at >= endAt)).toEqual([]);

    // Every key holds its last acknowledged value or a later attempted one.
    const wrong: string[] = [];
    for (let k = 0; k < KEYS; k++) {
      const v = (await client.get(key(k))).bins.v as number;
      if (v < acked[k]! || v > attempted[k]!) wrong.push(`k${k}: ${v} not in [${acked[k]}, ${attempted[k]}]`);
    }
    expect(wrong).toEqual([]);

    // The stopped node leaves its node list.
    let nodes = client.getNodes().length;
    for (let i = 0; i < 50 && nodes !== 2; i++) {
      await sleep(100);
      nodes = client.getNodes().length;
    }
    expect(nodes).toBe(2);
  });
});
