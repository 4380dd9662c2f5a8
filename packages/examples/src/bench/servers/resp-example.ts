import 'reflect-metadata';
import { start } from '../../resp/resp-server.js';
import { announce, HOST } from './server-control.js';

/** The RESP example under test, as `node packages/examples/dist/resp/main.js` runs it, on a free port. */
const app = await start({ host: HOST, port: 0 });
announce(app.port);
