/**
 * approval-with-timeout — "human interaction": wait for an external event or a durable timer,
 * whichever comes first. Known from Azure Durable Functions / durabletask
 * (`Task.WhenAny(waitForExternalEvent('approved'), createTimer(+24 h))`); in BPMN it is an
 * event-based gateway with a message catch event and a timer catch event behind it.
 *
 * Two requests run side by side on one ManualClock: request A is approved after 2 hours (its timer is
 * withdrawn and never fires), request B hears nothing and escalates when its 24 h timer fires.
 * The process is built in code with `bpmn-runner/builder` (`waitFor(firstOf(message, timer))`).
 */
import { firstOf, message, process, service, timer, waitFor } from '../../src/builder/index.js';
import { Engine, ManualClock } from '../../src/index.js';
import { defaultLog, pathOf, runIfMain, type ExampleOptions } from '../shared/example-kit.js';

const HOUR = 3_600_000;

export interface ApprovalOutcome {
  businessKey: string;
  status: string;
  outcome: unknown;
  path: string[];
}
export interface ApprovalResult {
  approved: ApprovalOutcome;
  timedOut: ApprovalOutcome;
  /** Timers that fired at the 24 h mark: only B's, since A's was withdrawn when the message won. */
  timersFiredAt24h: number;
  /** What a late "approved" for B reached: nothing, the race is over. */
  lateMessageInstanceIds: string[];
}

export async function run(opts: ExampleOptions = {}): Promise<ApprovalResult> {
  const log = opts.log ?? defaultLog;
  const clock = opts.clock ?? new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const engine = new Engine({ clock });
  try {
    engine.registerService('askForApproval', ({ businessKey }) => log(`${clock.now().toISOString()} asked a manager to approve ${businessKey}`));
    engine.registerService('proceed', ({ businessKey }) => ({ outcome: `approved ${businessKey}` }));
    engine.registerService('escalate', ({ businessKey }) => ({ outcome: `escalated ${businessKey} after 24 h` }));

    await process('approval_with_timeout', { name: 'Approval with a 24 h timeout' })
      .start()
      .then(service('askForApproval', { id: 'AskForApproval' }))
      .then(
        waitFor(
          firstOf(
            message('approved', { id: 'Approved', label: 'Approved', then: service('proceed', { id: 'Proceed' }) }),
            timer('PT24H', { id: 'Timeout', label: '24 hours', then: service('escalate', { id: 'Escalate' }) }),
          ),
          { id: 'ApprovedOrTimeout' },
        ),
      )
      .end()
      .deploy(engine);

    const a = await engine.start('approval_with_timeout', { businessKey: 'A' });
    const b = await engine.start('approval_with_timeout', { businessKey: 'B' });

    clock.advance(2 * HOUR);
    // Camunda 7 correlation: the key is compared with the instance's business key.
    const delivered = await engine.correlateMessage('approved', { correlationKey: 'A', variables: { approvedBy: 'mia' } });
    log(`${clock.now().toISOString()} "approved" for A reached ${delivered.instanceIds.length} instance(s)`);

    clock.advance(22 * HOUR);
    const fired = await engine.runDueTimers();
    log(`${clock.now().toISOString()} 24 h after the start: ${fired} timer(s) fired`);

    const late = await engine.correlateMessage('approved', { correlationKey: 'B' });
    log(`late "approved" for B reached ${late.instanceIds.length} instance(s)`);

    const outcome = async (id: string): Promise<ApprovalOutcome> => {
      const inst = (await engine.getInstance(id))!;
      log(`${inst.businessKey}: ${inst.status}, ${String(inst.variables.outcome)}`);
      return { businessKey: inst.businessKey ?? '', status: inst.status, outcome: inst.variables.outcome, path: await pathOf(engine, id) };
    };
    return { approved: await outcome(a.id), timedOut: await outcome(b.id), timersFiredAt24h: fired, lateMessageInstanceIds: late.instanceIds };
  } finally {
    await engine.close();
  }
}

runIfMain(import.meta.url, () => run());
