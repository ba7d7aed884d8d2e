/**
 * Runs rekeyDatabase and stops dead at one step, for the kill test in
 * encryption.test.ts:
 *
 *   node --import tsx test/rekey-worker.ts <db file> <step>
 *
 * Keys come from REKEY_OLD / REKEY_NEW. At <step> it prints `paused at <step>`
 * and blocks (synchronously, as if stuck in I/O) until it is killed.
 */
import { rekeyDatabase } from "../src/index";
import type { RekeyStep } from "../src/index";

const [file, pauseAt] = process.argv.slice(2) as [string, RekeyStep];
rekeyDatabase(file, {
  oldKey: process.env.REKEY_OLD,
  newKey: process.env.REKEY_NEW,
  onStep(step) {
    if (step !== pauseAt) return;
    process.stdout.write(`paused at ${step}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
});
process.stdout.write("done\n");
