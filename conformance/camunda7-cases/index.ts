/** Every Camunda 7 conformance case, one module per corpus folder. */
import type { Camunda7Case } from '../camunda7-harness.js';
import { cases as gateway } from './gateway.js';
import { cases as usertask } from './usertask.js';
import { cases as subprocess } from './subprocess.js';
import { cases as eventTimer } from './event-timer.js';
import { cases as eventMessage } from './event-message.js';
import { cases as eventError } from './event-error.js';
import { cases as multiinstance } from './multiinstance.js';
import { cases as parse } from './parse.js';
import { cases as sequenceflowReceivetask } from './sequenceflow-receivetask.js';
import { cases as eventEnd } from './event-end.js';
import { cases as eventSignal } from './event-signal.js';
import { cases as externalSendtask } from './external-sendtask.js';
import { cases as async } from './async.js';
import { cases as subprocessTransaction } from './subprocess-transaction.js';
import { cases as eventLinkStart } from './event-link-start.js';
import { cases as callactivity } from './callactivity.js';
import { cases as eventEscalation } from './event-escalation.js';
import { cases as eventConditional } from './event-conditional.js';
import { cases as servicetaskScripttaskEl } from './servicetask-scripttask-el.js';
import { cases as eventCompensate } from './event-compensate.js';
import { cases as iomapping } from './iomapping.js';
import { cases as eventTimerStart } from './event-timer-start.js';
import { cases as exclusiveParallelJob } from './exclusive-parallel-job.js';
import { cases as asyncAfterStartEnd } from './async-after-start-end.js';
import { cases as eventErrorSignalMore } from './event-error-signal-more.js';

export const allCases: Camunda7Case[] = [...gateway, ...usertask, ...subprocess, ...eventTimer, ...eventMessage, ...eventError, ...multiinstance, ...parse, ...sequenceflowReceivetask, ...eventEnd, ...eventSignal, ...externalSendtask, ...async, ...subprocessTransaction, ...eventLinkStart, ...callactivity, ...eventEscalation, ...eventConditional, ...servicetaskScripttaskEl, ...eventCompensate, ...iomapping, ...eventTimerStart, ...exclusiveParallelJob, ...asyncAfterStartEnd, ...eventErrorSignalMore];
