import 'reflect-metadata';
import { headProbe } from './head-probe.js';

// node packages/examples/dist/http-head/main.js http://127.0.0.1:8080/
const url = process.argv[2] ?? 'http://127.0.0.1:8080/';
try {
  const response = await headProbe(url);
  console.log(`${response.status} ${response.statusText}`);
  for (const [name, value] of Object.entries(response.headers)) console.log(`${name}: ${value}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
