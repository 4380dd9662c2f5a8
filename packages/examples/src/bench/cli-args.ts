/** Command-line options of `pnpm bench`. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Run only scenarios whose name contains this text. */
  readonly only?: string;
  readonly rounds: number;
  /** Measured seconds per run, after the warm-up. */
  readonly duration: number;
  readonly warmup: number;
  /** Where results go (default bench-results/ in the current directory). */
  readonly outDir: string;
  /** Force one load generator for TCP echo, talkback and broadcast; absent: C when `cc` can build it, else JS. */
  readonly loadgen?: 'js' | 'c';
  readonly help: boolean;
}

export const USAGE = `pnpm bench [--quick] [--only TEXT] [--rounds N] [--duration S] [--warmup S] [--loadgen js|c] [--out DIR]

  --quick        2 rounds of 1.5 s each (under 2 minutes in all)
  --only TEXT    only scenarios whose name contains TEXT (e.g. --only echo); =NAME is that one
                 scenario, and a comma lists several (--only =tcp-echo-64B-c100-p1,metrics)
  --rounds N     rounds per server, alternating A B A B (default 5; quick 2)
  --duration S   measured seconds per run (default 5; quick 1.5)
  --warmup S     seconds of load before measuring (default 2; quick 0.5)
  --loadgen G    load generator for TCP echo, talkback and broadcast: c (built with cc) or js
                 (default: c when cc is there, else js with a notice)
  --out DIR      where to write results (default bench-results)`;

/** Parses argv (without node and the script); throws a message naming the bad option. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  let rounds = quick ? 2 : 5;
  let duration = quick ? 1.5 : 5;
  let warmup = quick ? 0.5 : 2;
  let only: string | undefined;
  let outDir = 'bench-results';
  let loadgen: 'js' | 'c' | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick' || arg === '--') continue;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--only') only = value();
    else if (arg === '--out') outDir = value();
    else if (arg === '--loadgen') loadgen = loadgenOf(value());
    else if (arg === '--rounds') rounds = positive(arg, value(), true);
    else if (arg === '--duration') duration = positive(arg, value(), false);
    else if (arg === '--warmup') warmup = positive(arg, value(), false, true);
    else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  return { quick, only, rounds, duration, warmup, outDir, loadgen, help };
}

function loadgenOf(text: string): 'js' | 'c' {
  if (text === 'js' || text === 'c') return text;
  throw new Error(`--loadgen must be js or c, got ${text}`);
}

function positive(name: string, text: string, integer: boolean, zeroOk = false): number {
  const value = Number(text);
  const ok = Number.isFinite(value) && (zeroOk ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok || value > 3600)
    throw new Error(`${name} must be a ${integer ? 'positive integer' : 'positive number'}, got ${text}`);
  return value;
}
