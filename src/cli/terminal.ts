import { createInterface, type Interface } from 'node:readline/promises';

/** Where a command writes: results to `out`, progress and prompts to `log` (stderr under --json). */
export interface Output {
  out(line: string): void;
  log(line: string): void;
  err(line: string): void;
}

export function consoleOutput(progressToStderr: boolean): Output {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    log: (line) => (progressToStderr ? process.stderr : process.stdout).write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
  };
}

/**
 * Line input over readline that never loses a line: when stdin is a pipe, readline emits lines that
 * arrive before anyone asks, and `rl.question()` would miss them; here they wait in a queue. `ask()`
 * resolves `null` once input has ended, so callers can stop instead of hanging.
 */
export class LineReader {
  private readonly rl: Interface;
  private readonly queue: string[] = [];
  private readonly waiters: ((line: string | null) => void)[] = [];
  private ended = false;
  private readonly terminal: boolean;

  constructor(
    input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.terminal = (input as { isTTY?: boolean }).isTTY === true;
    this.rl = createInterface({ input, output, terminal: this.terminal });
    this.rl.on('line', (line) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(line);
      else this.queue.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      for (const w of this.waiters.splice(0)) w(null);
    });
  }

  async ask(prompt: string): Promise<string | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return this.echo(prompt, queued);
    if (this.ended) return null;
    this.rl.setPrompt(prompt);
    this.rl.prompt();
    const line = await new Promise<string | null>((resolve) => this.waiters.push(resolve));
    // A terminal echoes what the user typed; a pipe does not, so a transcript would glue lines together.
    if (!this.terminal) this.output.write(line === null ? '\n' : line + '\n');
    return line;
  }

  close(): void {
    this.rl.close();
  }

  private echo(prompt: string, line: string): string {
    if (!this.terminal) this.output.write(prompt + line + '\n');
    return line;
  }
}
