/**
 * Self time per function of a V8 .cpuprofile (from node --cpu-prof):
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25] [filter]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topText, filter] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top] [filter]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  if (!frame) return;
  const where = frame.url.replace(/^.*\/(node_modules|work\/main)\//, '').replace(/^file:\/\//, '');
  const key = `${where}:${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
});
[...self]
  .filter(([k]) => !filter || k.includes(filter))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(topText ?? 25))
  .forEach(([k, v]) => console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`));
