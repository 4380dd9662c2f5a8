// tsyringe needs the Reflect metadata API; entry points import it once, and so do tests.
import 'reflect-metadata';
