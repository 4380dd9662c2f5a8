/**
 * Runs an example until SIGINT or SIGTERM, then closes it gracefully and exits 0.
 * A bind failure, or a failure while closing, prints one line (the error names the address and
 * its code) and exits 1; a second signal exits 1 at once.
 */
export async function runUntilSignal(start: () => Promise<{ close(): Promise<void> }>): Promise<void> {
  let app: { close(): Promise<void> };
  try {
    app = await start();
  } catch (err) {
    fail(err);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    app.close().then(() => process.exit(0), fail);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function fail(err: unknown): never {
  console.error((err as Error).message);
  process.exit(1);
}
