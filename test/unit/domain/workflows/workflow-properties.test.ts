import fc from 'fast-check';
import { dateTime, required } from '../../../../src/domain/workflows/field-schemas';
import { prodDbAccess } from '../../../../src/domain/workflows/prod-db-access';
import { vpnAccess } from '../../../../src/domain/workflows/vpn-access';
import type { RequesterProfile } from '../../../../src/domain/facts';
import { makeContext } from './workflow-fixtures';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

describe('workflow properties', () => {
  it('reads any moment written with any time zone offset as the same UTC instant', () => {
    const schema = required(dateTime('Start'));
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.boolean(),
        (ms, offsetMinutes, compactOffset) => {
          const instant = Math.floor(ms / 1000) * 1000;
          const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 19);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${pad(Math.floor(abs / 60))}${compactOffset ? '' : ':'}${pad(abs % 60)}`;
          expect(schema.parse(`${local}${offset}`)).toBe(new Date(instant).toISOString());
        },
      ),
    );
  });

  const requesterArb = fc.record({
    accountId: fc.constantFrom('5b10ac8d82e05b22cc7d4ef5', '712020:contractor-1'),
    employmentType: fc.constantFrom('employee', 'contractor', 'intern', 'vendor') as fc.Arbitrary<RequesterProfile['employmentType']>,
  });

  it('never lets a privileged VPN or a read-write database go without security, whoever asks', () => {
    fc.assert(
      fc.property(requesterArb, fc.constantFrom('standard', 'privileged'), fc.constantFrom('read-only', 'read-write'), (requester, vpnProfile, role) => {
        const ctx = makeContext({ requester });
        const vpnInput = vpnAccess.input.parse({ vpnProfile, businessJustification: 'Remote work on billing' });
        const vpnLanes = vpnAccess.floor(vpnInput, vpnAccess.facts(vpnInput, ctx), ctx).map((stage) => stage.lane);
        expect(vpnLanes.includes('security')).toBe(vpnProfile === 'privileged');
        expect(vpnLanes).toContain('manager');
        const dbInput = prodDbAccess.input.parse({ database: 'orders-db', role, durationHours: 2, ticketReference: 'INC-1', reason: 'Look at stuck orders' });
        const dbLanes = prodDbAccess.floor(dbInput, prodDbAccess.facts(dbInput, ctx), ctx).map((stage) => stage.lane);
        expect(dbLanes).toEqual(role === 'read-write' ? ['manager', 'security', 'engineering'] : ['manager', 'security']);
      }),
    );
  });

  it('gives the same VPN questions and facts for the same end date and clock, and never a duration below the real one', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 400 }), fc.integer({ min: 0, max: 86_399 }), requesterArb, (offsetDays, secondOfDay, requester) => {
        const now = new Date(Date.UTC(2026, 2, 1) + secondOfDay * 1000).toISOString();
        const endDate = new Date(Date.UTC(2026, 2, 1 + offsetDays)).toISOString().slice(0, 10);
        const fields = { vpnProfile: 'standard', businessJustification: 'Remote work on billing', endDate, sponsorAccountId: '5b10ac8d82e05b22cc7d4e11' };
        const ctx = makeContext({ now, requester });
        const input = vpnAccess.input.parse(fields);
        expect(vpnAccess.validate(input, ctx)).toEqual(vpnAccess.validate(vpnAccess.input.parse(fields), makeContext({ now, requester })));
        const questions = vpnAccess.validate(input, ctx).map((q) => q.field);
        const tooLong = requester.employmentType === 'contractor' && offsetDays > 90;
        expect(questions.includes('endDate')).toBe(offsetDays < 0 || tooLong);
        if (offsetDays >= 0) {
          const hours = vpnAccess.facts(input, ctx)['access.durationHours'] as number;
          const realHours = (Date.parse(`${endDate}T23:59:59.999Z`) - Date.parse(now)) / 3_600_000;
          expect(hours).toBeGreaterThanOrEqual(realHours);
          expect(hours - realHours).toBeLessThan(1);
        }
      }),
    );
  });
});
