import { BpmnRunnerError } from '../index.js';
import type { Incident, Instance } from '../index.js';

/**
 * `file:line:col: message [elementId]` — the shape compilers print, so editors and CI annotations
 * turn it into a link. `file` is the path as the user typed it, not the one the error recorded.
 */
export function formatLocatedError(e: unknown, file: string): string {
  if (!(e instanceof BpmnRunnerError)) return `${file}: ${errorText(e)}`;
  const where = [file, e.line, e.line !== undefined ? e.column : undefined].filter((p) => p !== undefined).join(':');
  const id = e.elementId !== undefined && !e.reason.includes(`[${e.elementId}]`) ? ` [${e.elementId}]` : '';
  return `${where}: ${e.reason}${id}`;
}

export function errorText(e: unknown): string {
  if (e instanceof BpmnRunnerError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** One line per value: short enough to read, exact enough to copy back into `--var`. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  const text = JSON.stringify(v);
  return text.length > 200 ? text.slice(0, 197) + '...' : text;
}

export function formatVariables(vars: Record<string, unknown>, indent = '  '): string[] {
  const keys = Object.keys(vars).sort();
  if (keys.length === 0) return [`${indent}(none)`];
  return keys.map((k) => `${indent}${k} = ${formatValue(vars[k])}`);
}

export function formatIncident(i: Incident): string {
  return `incident at ${i.elementId}: ${i.message}`;
}

/** The finishing block of `run` and the header of `inspect <id>`. */
export function describeInstance(inst: Instance): string[] {
  const lines = [`instance ${inst.id} (${inst.processKey} v${inst.processVersion})`, `status: ${inst.status}`];
  if (inst.businessKey !== undefined) lines.push(`business key: ${inst.businessKey}`);
  if (inst.failure) {
    lines.push(`failure: BPMN error ${inst.failure.code}${inst.failure.message ? `: ${inst.failure.message}` : ''}${inst.failure.elementId ? ` [${inst.failure.elementId}]` : ''}`);
  }
  if (inst.activeElementIds.length > 0) lines.push(`waiting at: ${inst.activeElementIds.join(', ')}`);
  for (const i of inst.incidents) lines.push(formatIncident(i));
  lines.push('variables:', ...formatVariables(inst.variables));
  return lines;
}

/** Left-aligned columns for the list views; no box drawing, so output greps and pastes cleanly. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** What one deployment brought: its process versions, or for a DMN file its decision versions. */
export function deploymentSummary(d: { processes: readonly { key: string; version: number }[]; decisions?: readonly { key: string; version: number }[] }): string {
  const list = d.processes.length > 0 ? d.processes : (d.decisions ?? []);
  const what = list.map((p) => `${p.key} v${p.version}`).join(', ');
  return d.processes.length === 0 && (d.decisions?.length ?? 0) > 0 ? `decisions: ${what}` : what;
}
