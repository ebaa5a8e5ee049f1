/**
 * job-application — a web-form flow completed from code: the job application from the
 * Flask/SpiffWorkflow tutorials (applicant fills a form, HR screens it, an e-mail goes out), drawn as
 * Camunda Modeler files in both flavours:
 * - `job-application-c7.bpmn`: Camunda 7, `camunda:formData` forms, JUEL `${invite}`, `camunda:field`;
 * - `job-application-c8.bpmn`: Camunda 8, embedded form-js schemas (`zeebe:userTaskForm`), FEEL, task headers.
 * The same code drives both: a first submission that breaks the form's rules is rejected with the
 * failing fields and changes nothing; the corrected one is coerced the way a browser form posts it
 * ("7" → 7, "on" → true); HR (candidate group `hr`) invites one applicant and turns the other down.
 * `npm start` serves these forms as web pages (see the embed-express example for your own app).
 */
import { fileURLToPath } from 'node:url';
import { Engine, FormValidationError, ManualClock } from '../../src/index.js';
import { defaultLog, pathOf, runIfMain, type ExampleOptions } from '../shared/example-kit.js';

export const DIAGRAMS = {
  camunda7: fileURLToPath(new URL('./job-application-c7.bpmn', import.meta.url)),
  camunda8: fileURLToPath(new URL('./job-application-c8.bpmn', import.meta.url)),
};
const KEYS = { camunda7: 'job_application_c7', camunda8: 'job_application_c8' } as const;
type FlavourName = keyof typeof KEYS;

export interface ApplicationOutcome {
  applicant: string;
  status: string;
  endEvent: string | undefined;
  application: Record<string, unknown>;
}
export interface FlavourRun {
  formFields: string[];
  /** Fields named by the FormValidationError of the first, broken submission. */
  rejectedFields: string[];
  /** The task was still open after the broken submission. */
  taskStillOpen: boolean;
  outcomes: ApplicationOutcome[];
  mails: { to: unknown; template: string | undefined }[];
}
export type JobApplicationResult = Record<FlavourName, FlavourRun>;

const APPLICANTS = [
  { applicant: 'ann', form: { fullName: 'Ann Lee', email: 'ann@example.org', position: 'developer', yearsExperience: '7', willRelocate: 'on' }, invite: 'true' },
  { applicant: 'bo', form: { fullName: 'Bo Chen', email: 'bo@example.org', position: 'support', yearsExperience: '1' }, invite: 'false' },
];

async function runFlavour(flavour: FlavourName, opts: ExampleOptions): Promise<FlavourRun> {
  const log = opts.log ?? defaultLog;
  const engine = new Engine({ clock: opts.clock ?? new ManualClock() });
  const mails: FlavourRun['mails'] = [];
  engine.registerService('sendMail', ({ variables, headers }) => void mails.push({ to: variables.email, template: headers.template }));
  try {
    await engine.deployFile(DIAGRAMS[flavour]);
    let formFields: string[] = [];
    let rejectedFields: string[] = [];
    let taskStillOpen = false;
    const outcomes: ApplicationOutcome[] = [];
    for (const a of APPLICANTS) {
      const inst = await engine.start(KEYS[flavour], { businessKey: a.applicant, variables: { applicant: a.applicant } });
      const [apply] = await engine.listUserTasks({ instanceId: inst.id, assignee: a.applicant });
      formFields = apply!.form?.fields.map((f) => f.id) ?? [];
      if (a.applicant === 'ann') {
        // A sloppy first try: one letter for a name, no e-mail, 99 years of experience.
        try {
          await engine.completeUserTask(apply!.id, { fullName: 'A', yearsExperience: '99' });
        } catch (e) {
          if (!(e instanceof FormValidationError)) throw e;
          rejectedFields = e.fields.map((f) => f.field).sort();
          log(`${flavour}: form rejected: ${e.fields.map((f) => `${f.field} (${f.message})`).join(', ')}`);
        }
        taskStillOpen = (await engine.getUserTask(apply!.id)) !== undefined;
      }
      await engine.completeUserTask(apply!.id, a.form, { user: a.applicant });
      const [screen] = await engine.listUserTasks({ instanceId: inst.id, candidateGroup: 'hr' });
      const done = await engine.completeUserTask(screen!.id, { invite: a.invite, screeningNotes: `screened ${a.applicant}` }, { user: 'hr-lead' });
      const application = Object.fromEntries(['fullName', 'email', 'position', 'yearsExperience', 'willRelocate', 'invite'].map((k) => [k, done.variables[k]]));
      const endEvent = (await pathOf(engine, inst.id)).at(-1);
      log(`${flavour}: ${a.applicant} → ${done.status} at ${String(endEvent)} ${JSON.stringify(application)}`);
      outcomes.push({ applicant: a.applicant, status: done.status, endEvent, application });
    }
    return { formFields, rejectedFields, taskStillOpen, outcomes, mails };
  } finally {
    await engine.close();
  }
}

export async function run(opts: ExampleOptions = {}): Promise<JobApplicationResult> {
  return { camunda7: await runFlavour('camunda7', opts), camunda8: await runFlavour('camunda8', opts) };
}

runIfMain(import.meta.url, () => run());
