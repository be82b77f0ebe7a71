/**
 * Interleaved runs for the receiver bench: the receivers under test all stay up, and for each connection count
 * every receiver posts the same batch in each of several rounds, in a rotating order. On a shared machine the
 * load drifts over a section; sequential blocks per receiver would turn that drift into a ratio, while runs
 * side by side share it. Ratios are taken round by round (same batch, moments apart), then the median.
 */
import { load, throughput, type Throughput } from './receiver-load.util';

/** One receiver under test: where it listens and which status means "accepted". */
export interface RoundReceiver {
  readonly name: string;
  readonly url: string;
  readonly accepted: (status: number) => boolean;
}

/** Every run of every receiver: `runs.get(name)[connectionIndex][round]`. */
export type RoundRuns = Map<string, Throughput[][]>;

/**
 * For each connection count `connections[c]` and round `r`, every receiver posts `batches[c][r]` once; the
 * order rotates with the round so that no receiver always runs first.
 */
export async function interleavedRuns(
  receivers: readonly RoundReceiver[],
  connections: readonly number[],
  batches: readonly (readonly string[][])[],
  progress: (line: string) => void,
): Promise<RoundRuns> {
  const runs: RoundRuns = new Map(receivers.map((r) => [r.name, connections.map(() => [])]));
  for (const [c, count] of connections.entries()) {
    for (const [round, bodies] of batches[c].entries()) {
      const order = receivers.map((_, i) => receivers[(i + round) % receivers.length]);
      for (const receiver of order) {
        const run = await load(receiver.url, bodies, count);
        runs.get(receiver.name)![c].push(throughput(receiver.name, count, run, receiver.accepted));
      }
      progress(
        `${count} connections, round ${round + 1}: ` +
          order
            .map(
              (r) =>
                `${r.name.split(' ')[0]} ${runs.get(r.name)![c][round].perSecond.toFixed(0)}/s`,
            )
            .join(', '),
      );
    }
  }
  return runs;
}

/** The run with the median rate (the lower middle one for an even count). */
export function medianRun(runs: readonly Throughput[]): Throughput {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The median over rounds of `a`'s rate divided by `b`'s in the same round. */
export function pairedRatio(a: readonly Throughput[], b: readonly Throughput[]): number {
  const ratios = a.map((run, i) => run.perSecond / b[i].perSecond).sort((x, y) => x - y);
  const mid = Math.floor(ratios.length / 2);
  return ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
}
