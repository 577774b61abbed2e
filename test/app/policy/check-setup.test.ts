import { checkSetup } from '../../../src/app/policy/check-setup';
import { saveDraft } from '../../../src/app/policy/manage-draft';
import { publishPolicy } from '../../../src/app/policy/publish-policy';
import { saveSettings } from '../../../src/app/policy/manage-settings';
import { ABSTRACT_TARGETS } from '../../../src/contract/app-settings';
import { type DomainError } from '../../../src/domain/common/domain-error';
import { ADMIN, AGENT, appSettings, createPolicyTestDeps, policyDocument } from '../../fakes/policy/policy-fixtures';

/** A site configured exactly as the fixtures' settings expect. */
async function healthySite() {
  const deps = createPolicyTestDeps();
  deps.setup.fields = [
    { id: 'customfield_10003', name: 'Approvers', schemaType: 'array' },
    { id: 'customfield_10010', name: 'Customer Request Type', schemaType: 'sd-customerrequesttype' },
    { id: 'customfield_10050', name: 'Group', schemaType: 'string' },
    { id: 'customfield_10051', name: 'Amount', schemaType: 'number' },
  ];
  deps.setup.requestTypes = [{ id: '11', name: 'Get access' }];
  deps.setup.formFields.set('11', ['summary', 'customfield_10050', 'customfield_10051']);
  deps.setup.statuses = ABSTRACT_TARGETS.map((t, i) => ({ id: String(10001 + i), name: t }));
  deps.setup.transitions = ABSTRACT_TARGETS.map((t, i) => ({ id: String(101 + i), name: `to ${t}`, toStatusId: String(10001 + i) }));
  for (const group of ['manager', 'security', 'finance', 'engineering', 'customer']) {
    deps.setup.groupSizes.set(`g-${group}`, 2);
    deps.setup.groupSizes.set(`g-${group}-backup`, 1);
  }
  await saveDraft(deps, ADMIN, policyDocument());
  await publishPolicy(deps, ADMIN, { comment: 'v1', expectedVersion: null });
  return deps;
}

describe('setup check', () => {
  it('finds nothing wrong on a correctly configured site', async () => {
    const report = await checkSetup(await healthySite(), ADMIN);
    expect(report.errors).toBe(0);
    expect(report.warnings).toBe(0);
    expect(report.findings.filter((f) => f.check === 'transition')).toHaveLength(ABSTRACT_TARGETS.length);
  });

  it.each([
    ['a missing Approvers field', (d: Awaited<ReturnType<typeof healthySite>>) => { d.setup.fields = d.setup.fields.filter((f) => f.id !== 'customfield_10003'); }, 'approvers-field', 'customfield_10003'],
    ['a required field missing from the request form', (d: Awaited<ReturnType<typeof healthySite>>) => { d.setup.formFields.set('11', ['summary']); }, 'field-on-request-type', 'Group (customfield_10050)'],
    ['a transition into the wrong status', (d: Awaited<ReturnType<typeof healthySite>>) => { d.setup.transitions![0] = { id: '101', name: 'oops', toStatusId: '10009' }; }, 'transition', 'not 10001'],
    ['a status the workflow does not use', (d: Awaited<ReturnType<typeof healthySite>>) => { d.setup.statuses = d.setup.statuses.slice(1); }, 'status', 'Status 10001'],
    ['an empty lane owner group', (d: Awaited<ReturnType<typeof healthySite>>) => { d.setup.groupSizes.set('g-security', 0); }, 'lane-group-empty', 'Add members to "security-approvers"'],
    ['a lane group that does not exist', (d: Awaited<ReturnType<typeof healthySite>>) => { d.setup.groupSizes.delete('g-finance'); }, 'lane-group-missing', 'Group g-finance does not exist'],
    ['an unmapped request type', (d: Awaited<ReturnType<typeof healthySite>>) => { d.setup.requestTypes = []; }, 'request-type', 'no request type 11'],
  ])('reports %s as an error saying what to fix', async (_name, breakIt, check, says) => {
    const deps = await healthySite();
    breakIt(deps);
    const report = await checkSetup(deps, ADMIN);
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.check)).toEqual([check]);
    expect(errors[0]!.message).toContain(says);
    expect(report.errors).toBe(1);
  });

  it('warns, and still checks statuses, when the transitions cannot be read', async () => {
    const deps = await healthySite();
    deps.setup.transitions = null;
    deps.setup.statuses = deps.setup.statuses.slice(1);
    const report = await checkSetup(deps, ADMIN);
    expect(report).toMatchObject({ errors: 1, warnings: 1 });
    expect(report.findings.find((f) => f.severity === 'warning')?.message).toContain('could not be read');
  });

  it('treats an empty backup group as a warning', async () => {
    const deps = await healthySite();
    deps.setup.groupSizes.set('g-finance-backup', 0);
    const report = await checkSetup(deps, ADMIN);
    expect(report).toMatchObject({ errors: 0, warnings: 1 });
  });

  it('asks for settings first when none are saved', async () => {
    const deps = await healthySite();
    deps.settings.value = undefined;
    const report = await checkSetup(deps, ADMIN);
    expect(report.findings).toEqual([expect.objectContaining({ check: 'settings', severity: 'error' })]);
  });

  it('is refused to non-publishers', async () => {
    const error = await checkSetup(await healthySite(), AGENT).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('forbidden');
  });
});

describe('settings', () => {
  it('rejects a mapping to a workflow that is not in the catalog, with its path', async () => {
    const deps = createPolicyTestDeps();
    const error = (await saveSettings(deps, ADMIN, appSettings({ requestTypes: [{ requestTypeId: '12', workflowKey: 'teleport' }] })).catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('invalid-settings');
    expect(error.details?.['issues']).toEqual([{ path: 'requestTypes[0].workflowKey', message: 'names no workflow of the catalog ("teleport")' }]);
  });

  it('rejects a malformed transition id with its path and saves nothing', async () => {
    const deps = createPolicyTestDeps();
    deps.settings.value = undefined;
    const bad = appSettings();
    (bad.targets as Record<string, { statusId: string; transitionId: string }>)['done'] = { statusId: '10008', transitionId: 'done' };
    const error = (await saveSettings(deps, ADMIN, bad).catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('invalid-settings');
    expect(error.message).toContain('targets.done.transitionId');
    expect(deps.settings.value).toBeUndefined();
  });

  it('saves valid settings for a publisher only', async () => {
    const deps = createPolicyTestDeps();
    await expect(saveSettings(deps, AGENT, appSettings())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(saveSettings(deps, ADMIN, appSettings({ publishersGroup: null }))).resolves.toMatchObject({ publishersGroup: null });
  });
});
