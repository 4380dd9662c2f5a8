import { describe, expect, it } from 'vitest';
import { mergePrometheusText } from './merge-prometheus-text.js';

const WORKERS = `# HELP up_total Ups
# TYPE up_total counter
up_total 3

# HELP only_workers Workers only
# TYPE only_workers gauge
only_workers{listener="tcp://h:1"} 2
`;

const PRIMARY = `# HELP up_total Ups
# TYPE up_total counter
up_total{process="primary"} 1

# HELP only_primary Primary only
# TYPE only_primary gauge
only_primary{process="primary"} 7
`;

describe('mergePrometheusText', () => {
  it('prints a family both have once, the second text after the first; the others as they were', () => {
    expect(mergePrometheusText(WORKERS, PRIMARY)).toBe(`# HELP up_total Ups
# TYPE up_total counter
up_total 3
up_total{process="primary"} 1

# HELP only_workers Workers only
# TYPE only_workers gauge
only_workers{listener="tcp://h:1"} 2

# HELP only_primary Primary only
# TYPE only_primary gauge
only_primary{process="primary"} 7
`);
  });

  it('takes an empty side (no worker answered yet)', () => {
    expect(mergePrometheusText('', PRIMARY)).toBe(mergePrometheusText(PRIMARY, ''));
    expect(mergePrometheusText('', '')).toBe('');
  });
});
