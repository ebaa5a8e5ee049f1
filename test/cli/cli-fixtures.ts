import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
// `npx tsx` without npm's own start-up and its warnings on stderr.
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bpmn-runner <args>` as a child process with stdin a pipe (not a TTY) fed `input`, then closed. */
export function runCli(args: string[], opts: { input?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [MAIN, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `bpmn-runner-cli-${prefix}-`));
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_cli" targetNamespace="http://bpmn.io/schema/bpmn">`;

/**
 * Camunda 7: a script counts the rounds, a user task asks for a decision with a form, a rejection
 * loops back to the script, an approval goes through an external service task to the end.
 */
export const REVIEW_LOOP_BPMN = `${HEAD}
  <bpmn:process id="cli_review" name="CLI review loop" isExecutable="true">
    <bpmn:startEvent id="Start" name="Request">
      <bpmn:outgoing>Flow_start_count</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_start_count" sourceRef="Start" targetRef="Merge" />
    <bpmn:exclusiveGateway id="Merge">
      <bpmn:incoming>Flow_start_count</bpmn:incoming>
      <bpmn:incoming>Flow_again</bpmn:incoming>
      <bpmn:outgoing>Flow_merge_count</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="Flow_merge_count" sourceRef="Merge" targetRef="CountRounds" />
    <bpmn:scriptTask id="CountRounds" name="Count rounds" scriptFormat="javascript">
      <bpmn:incoming>Flow_merge_count</bpmn:incoming>
      <bpmn:outgoing>Flow_count_review</bpmn:outgoing>
      <bpmn:script>execution.setVariable('rounds', execution.getVariable('rounds') + 1);</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="Flow_count_review" sourceRef="CountRounds" targetRef="Review" />
    <bpmn:userTask id="Review" name="Review request">
      <bpmn:extensionElements>
        <camunda:formData>
          <camunda:formField id="approved" label="Approve?" type="boolean">
            <camunda:validation>
              <camunda:constraint name="required" />
            </camunda:validation>
          </camunda:formField>
          <camunda:formField id="comment" label="Comment" type="string" defaultValue="none" />
        </camunda:formData>
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_count_review</bpmn:incoming>
      <bpmn:outgoing>Flow_review_decide</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_review_decide" sourceRef="Review" targetRef="Decide" />
    <bpmn:exclusiveGateway id="Decide" name="Approved?">
      <bpmn:incoming>Flow_review_decide</bpmn:incoming>
      <bpmn:outgoing>Flow_yes</bpmn:outgoing>
      <bpmn:outgoing>Flow_again</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="Flow_yes" sourceRef="Decide" targetRef="Notify">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${approved}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_again" sourceRef="Decide" targetRef="Merge">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${not approved}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:serviceTask id="Notify" name="Notify requester" camunda:type="external" camunda:topic="notify">
      <bpmn:incoming>Flow_yes</bpmn:incoming>
      <bpmn:outgoing>Flow_notify_end</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="Flow_notify_end" sourceRef="Notify" targetRef="Done" />
    <bpmn:endEvent id="Done" name="Decided">
      <bpmn:incoming>Flow_notify_end</bpmn:incoming>
    </bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
`;

/** A script that throws: the instance keeps running with an incident on the script task. */
export const FAILING_SCRIPT_BPMN = `${HEAD}
  <bpmn:process id="cli_failing" isExecutable="true">
    <bpmn:startEvent id="Start">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Explode" />
    <bpmn:scriptTask id="Explode" name="Explode" scriptFormat="javascript">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:script>throw new Error('boom from the script');</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Explode" targetRef="End" />
    <bpmn:endEvent id="End">
      <bpmn:incoming>Flow_2</bpmn:incoming>
    </bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
`;

/** Well-formed BPMN the engine cannot run: a Groovy script (only JavaScript runs in the sandbox). */
export const GROOVY_BPMN = `${HEAD}
  <bpmn:process id="cli_groovy" isExecutable="true">
    <bpmn:startEvent id="Start">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="GroovyScript" />
    <bpmn:scriptTask id="GroovyScript" scriptFormat="groovy">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:script>println 'hi'</bpmn:script>
    </bpmn:scriptTask>
  </bpmn:process>
</bpmn:definitions>
`;

/** Not well-formed: the end tag on line 4 does not match. */
export const MALFORMED_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
  <bpmn:process id="broken" isExecutable="true">
  </bpmn:proces>
</bpmn:definitions>
`;
