// The installed `switchboard` bin run from the scratch project, plus a node:net client.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { URL } from 'node:url';

const WAIT_MS = 20_000;

/**
 * A running `switchboard …`, found on PATH in node_modules/.bin as `npx switchboard` finds it, but
 * started without npx: npm exec runs the bin under `sh -c` and, on SIGTERM, exits 143 itself
 * whatever the bin's status, so npx would hide the bin's graceful exit 0.
 */
export class ServeProcess {
  output = '';

  constructor(app, args) {
    const PATH = [join(app, 'node_modules', '.bin'), process.env.PATH].join(delimiter);
    // Its own process group, so that killGroup() also reaches cluster workers.
    this.child = spawn('switchboard', args, { cwd: app, env: { ...process.env, PATH }, detached: true, stdio: 'pipe' });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (this.output += chunk));
    }
  }

  /** Resolves with the first `listening URL` the process prints. */
  async listening() {
    const found = await this.waitFor(() => /listening (tcp:\/\/[^\s"]+)/.exec(this.output)?.[1]);
    return new URL(found);
  }

  /** Polls `probe` until it returns a value, the process exits, or WAIT_MS pass. */
  async waitFor(probe) {
    const deadline = Date.now() + WAIT_MS;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (exited || Date.now() > deadline) {
        throw new Error(`${exited ? 'switchboard exited' : 'timed out'}; its output:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGTERM, then the exit status; the group is killed if it hangs. */
  async terminate() {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.killGroup(), WAIT_MS);
    const status = await this.exited;
    clearTimeout(timer);
    return status;
  }

  killGroup() {
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Runs `switchboard …` that ends by itself; resolves with its exit code and output. */
export async function runToExit(app, args) {
  const serve = new ServeProcess(app, args);
  const timer = setTimeout(() => serve.killGroup(), WAIT_MS);
  const { code } = await serve.exited;
  clearTimeout(timer);
  return { code, output: serve.output };
}

/** A line client: `lines` collects what arrives, `send` writes one line. */
export function lineClient(url) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const client = {
      received: '',
      send: (line) => socket.write(`${line}\n`),
      close: () => socket.destroy(),
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (client.received += chunk));
    socket.once('connect', () => resolve(client));
    socket.once('error', reject);
  });
}
