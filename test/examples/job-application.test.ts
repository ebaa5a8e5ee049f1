import { describe, expect, it } from 'vitest';
import { run } from '../../examples/job-application/main.js';

describe('example job-application (Camunda Modeler files, C7 and C8, forms completed from code)', () => {
  it.each(['camunda7', 'camunda8'] as const)('%s: a broken submission is rejected and changes nothing; valid posts are coerced; HR invites Ann and rejects Bo', async (flavour) => {
    // given / when
    const result = (await run({ log: () => {} }))[flavour];
    // then: the form as the file defines it
    expect(result.formFields).toEqual(['fullName', 'email', 'position', 'yearsExperience', 'willRelocate']);
    expect(result.rejectedFields).toEqual(['email', 'fullName', 'yearsExperience']);
    expect(result.taskStillOpen).toBe(true);
    // then: both applications took their branch with coerced values
    expect(result.outcomes).toEqual([
      {
        applicant: 'ann',
        status: 'COMPLETED',
        endEvent: 'EndEvent_invited',
        application: { fullName: 'Ann Lee', email: 'ann@example.org', position: 'developer', yearsExperience: 7, willRelocate: true, invite: true },
      },
      {
        applicant: 'bo',
        status: 'COMPLETED',
        endEvent: 'EndEvent_rejected',
        application: { fullName: 'Bo Chen', email: 'bo@example.org', position: 'support', yearsExperience: 1, willRelocate: false, invite: false },
      },
    ]);
    expect(result.mails).toEqual([
      { to: 'ann@example.org', template: 'invitation' },
      { to: 'bo@example.org', template: 'rejection' },
    ]);
  });
});
