import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DECLARED_EGRESS_ORIGINS } from '../../../src/handlers/declared-egress';

describe('egress origins the admin page accepts for connections', () => {
  it('are exactly the backend egress hosts declared in manifest.yml', () => {
    const manifest = parse(readFileSync(join(__dirname, '../../../manifest.yml'), 'utf8')) as {
      permissions?: { external?: { fetch?: { backend?: ({ address: string } | string)[] } } };
    };
    const declared = (manifest.permissions?.external?.fetch?.backend ?? []).map((e) => (typeof e === 'string' ? e : e.address)).sort();
    expect([...DECLARED_EGRESS_ORIGINS].sort()).toEqual(declared);
  });
});
