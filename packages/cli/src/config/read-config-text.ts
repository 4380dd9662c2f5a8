import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { nestsDeeperThan } from '../serve/json-depth.js';
import { yamlMayNestDeeperThan } from './yaml-depth.js';

/** A config nests 4 levels (top, listeners, a listener, its options); deeper values would only be refused later. */
export const MAX_CONFIG_DEPTH = 32;
/**
 * What the YAML pre-scan lets through to the parser: its estimate runs a few levels over the real
 * depth, and the parser's recursion is safe far past this (it overflows near 900 levels).
 */
const MAX_YAML_ESTIMATE = 4 * MAX_CONFIG_DEPTH;
/** Aliases a YAML file may expand; a config needs a few (`<<: *defaults`), a "billion laughs" needs many. */
const MAX_YAML_ALIASES = 100;

/** Which parser a file gets: YAML by its extension, JSON otherwise. */
export function isYamlFile(path: string): boolean {
  return ['.yaml', '.yml'].includes(extname(path).toLowerCase());
}

/**
 * Parses config text, JSON or YAML. Throws an Error whose message says what is wrong (a syntax
 * error with its position, values nested too deep) before any deep value is walked or printed.
 */
export function parseConfigText(text: string, yaml: boolean): unknown {
  if (yaml && yamlMayNestDeeperThan(text, MAX_YAML_ESTIMATE)) throw new NestingError();
  // prettyErrors builds a context excerpt that is costly on hostile input; the line and column suffice.
  const value: unknown = yaml
    ? parseYaml(text, { maxAliasCount: MAX_YAML_ALIASES, prettyErrors: false, uniqueKeys: true })
    : JSON.parse(text);
  if (nestsDeeperThan(value, MAX_CONFIG_DEPTH)) throw new NestingError();
  return value;
}

/** Values nested past MAX_CONFIG_DEPTH: a mistake or an attack, reported without walking them. */
export class NestingError extends Error {
  constructor() {
    super(`values nest deeper than ${MAX_CONFIG_DEPTH} levels`);
  }
}
