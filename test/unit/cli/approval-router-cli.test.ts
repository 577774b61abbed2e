import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const BIN = join(ROOT, 'bin/approval-router.cjs');
const POLICY = join(ROOT, 'examples/policy.yaml');
const DIRECTORY = join(ROOT, 'examples/directory.json');
const request = (name: string): string => join(ROOT, 'examples/requests', `${name}.json`);

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'approval-router-cli-'));
function file(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('approval-router validate', () => {
  it('accepts the example policy', () => {
    const result = run('validate', POLICY);
    expect(result).toMatchObject({ status: 0, stdout: 'valid: 5 lanes, 13 triggers, version 1\n' });
  });

  it('lists every error with its path and exits 1', () => {
    const broken = file(
      'broken.json',
      JSON.stringify({ schemaVersion: 1, version: 1, author: 'me', lanes: {}, triggers: [{ id: 'x' }], extra: true }),
    );
    const result = run('validate', broken);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('lanes.manager: the manager lane is required');
    expect(result.stderr).toContain('triggers[0].id: must be 2-64 lowercase letters, digits or dashes');
    expect(result.stderr).toContain('extra: is not a known setting');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports unparsable YAML with its line', () => {
    const result = run('validate', file('bad.yaml', 'schemaVersion: 1\nlanes: [\n'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/\(document\): not valid YAML at line \d+/);
  });
});

describe('approval-router simulate and explain', () => {
  it('simulate prints the outcome, the plan and the trace as JSON', () => {
    const result = run('simulate', '--policy', POLICY, '--request', request('refund-credit'), '--directory', DIRECTORY);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as {
      outcome: string;
      workflow: { key: string };
      plan: { stages: { lane: string; mode: unknown; approvers: string[]; group: { groupId: string } }[] };
      trace: { kind: string; triggerId?: string; matched?: boolean }[];
    };
    expect(output.outcome).toBe('approval');
    expect(output.workflow.key).toBe('refund-credit');
    expect(output.plan.stages).toEqual([
      expect.objectContaining({ lane: 'finance', mode: { type: 'n-of-m', n: 2 }, group: expect.objectContaining({ groupId: 'grp-finance-approvers' }) }),
    ]);
    expect(output.trace).toContainEqual(expect.objectContaining({ kind: 'trigger', triggerId: 'amount-over-10000', matched: true }));
    expect(output.trace).toContainEqual(expect.objectContaining({ kind: 'trigger', triggerId: 'production-change', matched: false }));
  });

  it('explain shows stages, approvers, reasons and the triggers that did not match', () => {
    const result = run('explain', '--policy', POLICY, '--request', request('vpn-access'), '--directory', DIRECTORY);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Workflow: vpn-access@');
    expect(result.stdout).toMatch(/stage-1 {2}order 1 {2}Manager \(manager\)/);
    expect(result.stdout).toMatch(/stage-2 {2}order 2 {2}Security and compliance \(security\) {2}all must approve/);
    expect(result.stdout).toContain('approvers: acc-sec-001, acc-sec-002');
    expect(result.stdout).toContain('Triggers that did not match:');
    expect(result.stdout).toMatch(/amount-over-1000 \(finance\): amount is missing/);
  });

  it('explain shows clarification questions', () => {
    const incomplete = file(
      'incomplete.json',
      JSON.stringify({ requestType: 'vpn-access', fields: { vpnProfile: 'standard', businessJustification: 'Remote work from home.' }, requester: { accountId: 'acc-c', employmentType: 'contractor' }, now: '2026-03-02T09:00:00Z' }),
    );
    const result = run('explain', '--policy', POLICY, '--request', incomplete, '--directory', DIRECTORY);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Outcome: clarification');
    expect(result.stdout).toContain('[endDate]');
    expect(result.stdout).toContain('[sponsorAccountId]');
  });

  it('explain shows the exception reason when nobody can approve', () => {
    const result = run('explain', '--policy', POLICY, '--request', request('customer-data-export'));
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('no --directory given');
    expect(result.stdout).toContain('Outcome: exception NO_ELIGIBLE_APPROVER.');
  });

  it('simulate reports an unknown request type as no-workflow', () => {
    const unknown = file('unknown.json', JSON.stringify({ requestType: 'coffee', fields: {}, requester: { accountId: 'acc-1' } }));
    const result = run('simulate', '--policy', POLICY, '--request', unknown);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'no-workflow', plan: null });
  });
});

describe('approval-router usage errors', () => {
  it.each([
    [['bogus'], /unknown command "bogus"/],
    [[], /no command given/],
    [['validate'], /validate needs a policy file/],
    [['validate', 'missing.yaml'], /Cannot read the policy file "missing.yaml": no such file/],
    [['validate', 'policy.txt'], /must end in \.json, \.yaml or \.yml/],
    [['simulate', '--policy', 'examples/policy.yaml'], /simulate needs --request/],
    [['explain', '--policy', 'examples/policy.yaml', '--request', 'nope.json'], /Cannot read the request file "nope.json"/],
    [['simulate', '--policy', 'examples/policy.yaml', '--requestt', 'x'], /Unknown option '--requestt'/],
  ])('%j exits 2 with a clear message and the usage', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: approval-router');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a malformed request file with the path of each problem', () => {
    const bad = file('bad-request.json', JSON.stringify({ requestType: 'vpn-access', fields: [], requester: {} }));
    const result = run('simulate', '--policy', POLICY, '--request', bad);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('fields: must be an object, not a list');
    expect(result.stderr).toContain('requester.accountId: is required');
  });
});
