import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENSSL, type TestCertificate } from './self-signed-certificate.js';

/** A throwaway CA for tests of verified TLS and mTLS: its certificate, and a way to sign more. */
export interface TestCertificateAuthority {
  /** The CA's own certificate (what a listener's or a client's `ca` option takes). */
  readonly ca: Buffer;
  readonly caPath: string;
  /**
   * A one-day certificate signed by this CA for `commonName`, valid for the server name
   * `127.0.0.1` and `localhost` (IP and DNS subject alternative names), usable by a server or a client.
   */
  issue(commonName: string): TestCertificate;
}

/** Makes a CA with openssl in a fresh temp folder (tests skip without openssl: see `hasOpenssl`). */
export function createTestCertificateAuthority(): TestCertificateAuthority {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-ca-'));
  const caPath = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca-key.pem');
  const run = (args: string[]) => execFileSync(OPENSSL, args, { stdio: 'ignore' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Switchboard Test CA',
    '-keyout',
    caKey,
    '-out',
    caPath,
  ]);
  let serial = 0;
  const issue = (commonName: string): TestCertificate => {
    const name = `cert-${++serial}`;
    const keyPath = join(dir, `${name}-key.pem`);
    const csrPath = join(dir, `${name}.csr`);
    const certPath = join(dir, `${name}.pem`);
    const extPath = join(dir, `${name}.ext`);
    writeFileSync(extPath, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}`, '-keyout', keyPath, '-out', csrPath]);
    run([
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      caPath,
      '-CAkey',
      caKey,
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      extPath,
      '-out',
      certPath,
    ]);
    return { cert: readFileSync(certPath), key: readFileSync(keyPath), certPath, keyPath };
  };
  return { ca: readFileSync(caPath), caPath, issue };
}
