/** A DMN 1.3 file around decision elements, as Camunda Modeler writes it (namespaces and all). */
export function dmn(decisions: string, opts: { ns?: string; attrs?: string } = {}): string {
  const ns = opts.ns ?? 'https://www.omg.org/spec/DMN/20191111/MODEL/';
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${ns}" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="defs" name="Test" namespace="http://camunda.org/schema/1.0/dmn"${opts.attrs ?? ''}>
${decisions}
</definitions>
`;
}

/** One decision table: inputs as [id, expression], outputs as names, rules as rows of cell texts. */
export function table(
  id: string,
  spec: { hitPolicy?: string; aggregation?: string; inputs: [string, string][]; outputs: (string | { name: string; values?: string; default?: string })[]; rules: string[][] },
  extra = '',
): string {
  const attrs = `${spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : ''}${spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''}`;
  const inputs = spec.inputs.map(([iid, expr]) => `<input id="${iid}"><inputExpression id="${iid}_expr"><text>${esc(expr)}</text></inputExpression></input>`).join('\n');
  const outputs = spec.outputs
    .map((o, i) => {
      const out = typeof o === 'string' ? { name: o } : o;
      const values = out.values ? `<outputValues><text>${esc(out.values)}</text></outputValues>` : '';
      const dflt = out.default ? `<defaultOutputEntry><text>${esc(out.default)}</text></defaultOutputEntry>` : '';
      return `<output id="out${i}" name="${out.name}">${values}${dflt}</output>`;
    })
    .join('\n');
  const rules = spec.rules
    .map((cells, r) => {
      const ins = cells.slice(0, spec.inputs.length).map((t, i) => `<inputEntry id="r${r}_in${i}"><text>${esc(t)}</text></inputEntry>`);
      const outs = cells.slice(spec.inputs.length).map((t, i) => `<outputEntry id="r${r}_out${i}"><text>${esc(t)}</text></outputEntry>`);
      return `<rule id="rule${r + 1}">${ins.join('')}${outs.join('')}</rule>`;
    })
    .join('\n');
  return `<decision id="${id}" name="${id}">${extra}<decisionTable id="${id}_table"${attrs}>\n${inputs}\n${outputs}\n${rules}\n</decisionTable></decision>`;
}

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
