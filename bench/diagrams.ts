import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'diagrams');

/** Diagram text by name; `.runner` / `.peer` variants share one topology (see the comment in each file). */
export function diagram(name: string, ext: 'bpmn' | 'dmn' = 'bpmn'): string {
  return readFileSync(join(dir, `${name}.${ext}`), 'utf8');
}
