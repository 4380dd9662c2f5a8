/**
 * Runs an example until SIGINT or SIGTERM, then closes it gracefully and exits 0.
 * A bind failure prints one line (the error names the address and its code) and exits 1.
 */
export async function runUntilSignal(start: () => Promise<{ close(): Promise<void> }>): Promise<void> {
  let app: { close(): Promise<void> };
  try {
    app = await start();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
