// The scratch project of the consumer test: what a team writes after reading the README.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  experimentalDecorators: true,
  skipLibCheck: false,
};

/** The README's handler, with a service injected by token (so tsyringe is shared with core). */
const SHOUT_HANDLER = `import { handler, type Handler, type HandlerContext } from '@switchboard/core';
import { inject, type InjectionToken } from 'tsyringe';

export const PREFIX: InjectionToken<string> = Symbol('Prefix');

@handler('shout', { framing: 'lines' })
export class ShoutHandler implements Handler<string> {
  constructor(@inject(PREFIX) private readonly prefix: string) {}

  onMessage(ctx: HandlerContext, line: string): void {
    ctx.write(\`\${this.prefix}\${line.toUpperCase()}\`);
  }
}
`;

/** Serves the handler on port 0 and does one round trip with node:net; exits non-zero on a bad reply. */
const MAIN = `import 'reflect-metadata';
import { Reactor, registerHandler } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { connect } from 'node:net';
import { container } from 'tsyringe';
import { PREFIX, ShoutHandler } from './shout-handler.js';

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(text));
    const timer = setTimeout(() => socket.destroy(new Error(\`no reply line in 10 s, got \${JSON.stringify(reply)}\`)), 10_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\\n')) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

const scope = container.createChildContainer();
registerHandlers(scope);
registerHandler(scope, ShoutHandler);
scope.registerInstance(PREFIX, '> ');

const reactor = new Reactor({ container: scope });
const listener = reactor.listen('tcp://127.0.0.1:0', ['shout']);
await reactor.start();
try {
  const reply = await roundTrip(listener.port, 'hello, team\\n');
  if (reply !== '> HELLO, TEAM\\n') throw new Error(\`unexpected reply \${JSON.stringify(reply)}\`);
  console.log(\`round trip on \${listener.url}: \${JSON.stringify(reply)}\`);
} finally {
  await reactor.close();
}
`;

/** Imports every subpath each installed package exports, so each one's types are checked. */
function entriesSource(tarballs, exportsOf) {
  const lines = [];
  for (const name of Object.keys(tarballs)) {
    for (const subpath of Object.keys(exportsOf(name))) {
      const specifier = subpath === '.' ? name : `${name}/${subpath.replace(/^\.\//, '')}`;
      lines.push(`import * as entry${lines.length} from '${specifier}';`);
    }
  }
  const names = lines.map((_, index) => `entry${index}`).join(', ');
  return `${lines.join('\n')}\n\nexport const entries: readonly object[] = [${names}];\n`;
}

/**
 * Writes package.json (our packages as file: tarballs, also as overrides so no @switchboard package
 * ever comes from the registry), the tsconfigs and the TypeScript sources. The entry-point list is
 * written by `writeEntries` once the packages are installed.
 */
export function writeScratchProject(app, { tarballs, versions }) {
  mkdirSync(join(app, 'src'), { recursive: true });
  const ours = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
  const manifest = {
    name: 'switchboard-consumer-test',
    version: '0.0.0',
    private: true,
    type: 'module',
    dependencies: { ...ours, ...versions },
    overrides: ours,
  };
  writeJson(join(app, 'package.json'), manifest);
  writeJson(join(app, 'tsconfig.json'), {
    compilerOptions: { ...COMPILER_OPTIONS, rootDir: 'src', outDir: 'dist' },
    include: ['src/main.ts', 'src/shout-handler.ts'],
  });
  writeJson(join(app, 'tsconfig.entries.json'), {
    compilerOptions: { ...COMPILER_OPTIONS, noEmit: true },
    include: ['src/entries.ts', 'src/readme'],
  });
  writeFileSync(join(app, 'src', 'shout-handler.ts'), SHOUT_HANDLER);
  writeFileSync(join(app, 'src', 'main.ts'), MAIN);
}

/**
 * Writes src/entries.ts from the installed packages' `exports` maps, and each ```ts block of their
 * installed README.md as src/readme/<package>-<n>.ts, so the registry page's examples compile.
 */
export function writeEntries(app, tarballs, packageDir) {
  const manifest = (name) => JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8'));
  writeFileSync(
    join(app, 'src', 'entries.ts'),
    entriesSource(tarballs, (name) => manifest(name).exports ?? { '.': 0 }),
  );
  mkdirSync(join(app, 'src', 'readme'), { recursive: true });
  for (const name of Object.keys(tarballs)) {
    const readme = readFileSync(join(packageDir(name), 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/^```ts\n(.*?)^```$/gms)].map((match) => match[1]);
    blocks.forEach((code, index) => {
      writeFileSync(join(app, 'src', 'readme', `${name.split('/').pop()}-${index + 1}.ts`), code);
    });
  }
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
