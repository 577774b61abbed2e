import { approvalPlan, approve, planned, RunDriver, stage, STARTED } from './run-fixtures';

/**
 * JSM has one approval condition per status, so a stage that needs more approvals than the status
 * it was routed in counts (3 of 4 in an "any one" status) gets one decision per JSM approval:
 * each partial count must open a new approval for those who have not decided, never strand.
 */
describe('a stage that needs several approvals, decided one JSM approval at a time', () => {
  const approvers = ['acc-sec-0001', 'acc-sec-0002', 'acc-sec-0003', 'acc-sec-0004'];
  const plan = approvalPlan([stage({ id: 'stage-1', lane: 'security', mode: { type: 'n-of-m', n: 3 }, approvers })]);

  it('routes the stage again after each partial approval, then approves it at the third', () => {
    const driver = new RunDriver([STARTED, planned(plan)]);
    for (const [index, who] of approvers.slice(0, 2).entries()) {
      driver.apply([10 + index, approve('stage-1', who)]);
      expect(driver.phase).toBe('awaiting-approval');
      const routes = driver.commands('route.approval');
      expect(routes).toHaveLength(1);
      expect(routes[0]?.stageIds).toEqual(['stage-1']);
    }
    driver.apply([20, approve('stage-1', approvers[2]!)]);
    expect(driver.state?.stages[0]?.status).toBe('approved');
    expect(driver.commands('route.approval')).toHaveLength(0);
    expect(driver.phase).toBe('executing');
  });

  it('gives each routing its own idempotency key, so every new approval is opened', () => {
    const driver = new RunDriver([STARTED, planned(plan)]);
    driver.apply([10, approve('stage-1', approvers[0]!)]);
    driver.apply([11, approve('stage-1', approvers[1]!)]);
    const keys = driver.allCommands().filter((c) => c.type === 'route.approval').map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(3);
  });
});
