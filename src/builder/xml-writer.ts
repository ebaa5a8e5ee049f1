/**
 * Draft → BPMN 2.0 XML as Camunda Modeler writes it: semantic part first, then one BPMNDiagram with a
 * shape per element and an edge per flow. Camunda 7 extensions are attributes and `camunda:formData`;
 * Camunda 8 ones are `zeebe:` extension elements, forms are embedded form-js schemas.
 */
import { layoutProcess } from './layout.js';
import type { Layout } from './layout.js';
import type { Draft, DraftFlow, DraftNode, FormFieldInput, MultiInstanceOptions, Scope } from './model.js';

const NS = {
  bpmn: 'http://www.omg.org/spec/BPMN/20100524/MODEL',
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  modeler: 'http://camunda.org/schema/modeler/1.0',
  camunda: 'http://camunda.org/schema/1.0/bpmn',
  zeebe: 'http://camunda.org/schema/zeebe/1.0',
};

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;');
/* Line breaks in text become character references so indenting the document cannot change a script. */
const text = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;');

type Attrs = Record<string, string | number | boolean | undefined>;
function tag(name: string, attrs: Attrs, children: readonly string[] | string = []): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escape(String(v))}"`)
    .join('');
  if (typeof children === 'string') return children === '' ? `<${name}${a} />` : `<${name}${a}>${children}</${name}>`;
  if (children.length === 0) return `<${name}${a} />`;
  const body = children.map((c) => c.replace(/^/gm, '  ')).join('\n');
  return `<${name}${a}>\n${body}\n</${name}>`;
}
const ext = (children: readonly string[]): string[] => (children.length > 0 ? [tag('bpmn:extensionElements', {}, children)] : []);

interface Ctx {
  readonly draft: Draft;
  readonly c8: boolean;
  /** Definitions-level <message> elements and process-level embedded forms, collected while writing. */
  readonly messages: string[];
  readonly forms: string[];
}

/** A bare variable name becomes an expression of the flavour; anything else is taken as written. */
function collection(v: string, c8: boolean): string {
  return /^[A-Za-z_$][\w$]*$/.test(v.trim()) ? (c8 ? `=${v.trim()}` : `\${${v.trim()}}`) : v;
}

function loopXml(loop: MultiInstanceOptions, ctx: Ctx): string {
  const children: string[] = [];
  if (ctx.c8 && loop.forEach !== undefined) {
    children.push(
      tag('bpmn:extensionElements', {}, [
        tag('zeebe:loopCharacteristics', {
          inputCollection: collection(loop.forEach, true),
          inputElement: loop.as,
          outputCollection: loop.outputCollection,
          outputElement: loop.outputElement,
        }),
      ]),
    );
  }
  if (loop.times !== undefined) children.push(tag('bpmn:loopCardinality', { 'xsi:type': 'bpmn:tFormalExpression' }, text(String(loop.times))));
  if (loop.completionCondition !== undefined) {
    children.push(tag('bpmn:completionCondition', { 'xsi:type': 'bpmn:tFormalExpression' }, text(loop.completionCondition)));
  }
  const c7 = !ctx.c8 && loop.forEach !== undefined ? { 'camunda:collection': collection(loop.forEach, false), 'camunda:elementVariable': loop.as } : {};
  return tag('bpmn:multiInstanceLoopCharacteristics', { isSequential: loop.parallel === false ? true : undefined, ...c7 }, children);
}

const enumValues = (f: FormFieldInput): { id: string; name: string }[] =>
  (f.values ?? []).map((v) => (typeof v === 'string' ? { id: v, name: v } : v));

function camundaFormData(fields: readonly FormFieldInput[]): string {
  return tag(
    'camunda:formData',
    {},
    fields.map((f) => {
      const constraints: string[] = [];
      if (f.required) constraints.push(tag('camunda:constraint', { name: 'required' }));
      if (f.readonly) constraints.push(tag('camunda:constraint', { name: 'readonly' }));
      for (const k of ['min', 'max', 'minlength', 'maxlength'] as const) {
        if (f[k] !== undefined) constraints.push(tag('camunda:constraint', { name: k, config: f[k] }));
      }
      const children = [
        ...(constraints.length > 0 ? [tag('camunda:validation', {}, constraints)] : []),
        ...enumValues(f).map((v) => tag('camunda:value', { id: v.id, name: v.name })),
      ];
      return tag('camunda:formField', { id: f.id, label: f.label, type: f.type ?? 'string', defaultValue: f.defaultValue }, children);
    }),
  );
}

/** The form-js components our parser maps back to the same field types (see parse/form-js-schema.ts). */
function formJsSchema(id: string, fields: readonly FormFieldInput[]): unknown {
  const components = fields.map((f) => {
    const type = f.type ?? 'string';
    const validate: Record<string, unknown> = {};
    if (f.required) validate.required = true;
    if (f.min !== undefined) validate.min = f.min;
    if (f.max !== undefined) validate.max = f.max;
    if (f.minlength !== undefined) validate.minLength = f.minlength;
    if (f.maxlength !== undefined) validate.maxLength = f.maxlength;
    const base = {
      id: `Field_${f.id}`,
      key: f.id,
      label: f.label ?? f.id,
      ...(Object.keys(validate).length > 0 ? { validate } : {}),
      ...(f.readonly ? { readonly: true } : {}),
      ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}),
    };
    switch (type) {
      case 'long':
        return { ...base, type: 'number', decimalDigits: 0 };
      case 'boolean':
        return { ...base, type: 'checkbox' };
      case 'date':
        return { ...base, type: 'datetime', subtype: 'date', dateLabel: f.label ?? f.id };
      case 'enum':
        return { ...base, type: 'select', values: enumValues(f).map((v) => ({ label: v.name, value: v.id })) };
      default:
        return { ...base, type: 'textfield' };
    }
  });
  return { id, type: 'default', schemaVersion: 16, components };
}

function formExtensions(owner: DraftNode, fields: readonly FormFieldInput[] | undefined, ctx: Ctx): string[] {
  if (!fields || fields.length === 0) return [];
  if (!ctx.c8) return [camundaFormData(fields)];
  const formId = `UserTaskForm_${owner.id}`;
  ctx.forms.push(tag('zeebe:userTaskForm', { id: formId }, text(JSON.stringify(formJsSchema(formId, fields)))));
  return [tag('zeebe:formDefinition', { formKey: `camunda-forms:bpmn:${formId}` })];
}

const joinList = (v: readonly string[] | undefined): string | undefined => (v && v.length > 0 ? v.join(',') : undefined);

function nodeXml(n: DraftNode, scope: Scope, ctx: Ctx): string {
  const d = n.data;
  const base: Attrs = { id: n.id, name: n.name };
  const flows = [
    ...scope.flows.filter((f) => f.targetId === n.id).map((f) => tag('bpmn:incoming', {}, f.id)),
    ...scope.flows.filter((f) => f.sourceId === n.id).map((f) => tag('bpmn:outgoing', {}, f.id)),
  ];
  const loop = n.loop ? [loopXml(n.loop, ctx)] : [];
  switch (d.kind) {
    case 'startEvent':
      return tag('bpmn:startEvent', base, [...ext(formExtensions(n, d.form, ctx)), ...flows]);
    case 'endEvent':
      return tag('bpmn:endEvent', base, [...flows, ...(d.terminate ? [tag('bpmn:terminateEventDefinition', { id: `${n.id}_terminate` })] : [])]);
    case 'task':
    case 'manualTask':
      return tag(`bpmn:${d.kind}`, base, [...flows, ...loop]);
    case 'userTask': {
      if (ctx.c8) {
        const form = formExtensions(n, d.form, ctx);
        const assign = d.assignee !== undefined || d.candidateGroups || d.candidateUsers
          ? [tag('zeebe:assignmentDefinition', { assignee: d.assignee, candidateGroups: joinList(d.candidateGroups), candidateUsers: joinList(d.candidateUsers) })]
          : [];
        // Embedded forms belong to job-worker user tasks; a Camunda user task (zeebe:userTask) links forms by id.
        return tag('bpmn:userTask', base, [...ext([...(form.length === 0 ? [tag('zeebe:userTask', {})] : []), ...form, ...assign]), ...flows, ...loop]);
      }
      const attrs = { ...base, 'camunda:assignee': d.assignee, 'camunda:candidateGroups': joinList(d.candidateGroups), 'camunda:candidateUsers': joinList(d.candidateUsers) };
      return tag('bpmn:userTask', attrs, [...ext(formExtensions(n, d.form, ctx)), ...flows, ...loop]);
    }
    case 'serviceTask': {
      if (ctx.c8) {
        const headers = d.headers ? [tag('zeebe:taskHeaders', {}, Object.entries(d.headers).map(([key, value]) => tag('zeebe:header', { key, value })))] : [];
        return tag('bpmn:serviceTask', base, [...ext([tag('zeebe:taskDefinition', { type: d.type, retries: d.retries }), ...headers]), ...flows, ...loop]);
      }
      const fields = d.headers ? Object.entries(d.headers).map(([name, value]) => tag('camunda:field', { name, stringValue: value })) : [];
      return tag('bpmn:serviceTask', { ...base, 'camunda:type': 'external', 'camunda:topic': d.type }, [...ext(fields), ...flows, ...loop]);
    }
    case 'scriptTask': {
      if (ctx.c8) {
        return tag('bpmn:scriptTask', base, [...ext([tag('zeebe:script', { expression: d.script, resultVariable: d.resultVariable })]), ...flows, ...loop]);
      }
      const attrs = { ...base, scriptFormat: 'javascript', 'camunda:resultVariable': d.resultVariable };
      return tag('bpmn:scriptTask', attrs, [...flows, ...loop, tag('bpmn:script', {}, text(d.script))]);
    }
    case 'exclusiveGateway':
    case 'inclusiveGateway':
    case 'parallelGateway':
    case 'eventBasedGateway':
      return tag(`bpmn:${d.kind}`, { ...base, default: n.defaultFlowId }, flows);
    case 'timerCatch': {
      const [key, value] = d.timer.duration ? ['timeDuration', d.timer.duration] : d.timer.date ? ['timeDate', d.timer.date] : ['timeCycle', d.timer.cycle ?? ''];
      const def = tag('bpmn:timerEventDefinition', { id: `${n.id}_timer` }, [tag(`bpmn:${key}`, { 'xsi:type': 'bpmn:tFormalExpression' }, text(value))]);
      return tag('bpmn:intermediateCatchEvent', base, [...flows, def]);
    }
    case 'messageCatch': {
      const messageId = `Message_${n.id}`;
      const key = d.message.correlationKey !== undefined ? [tag('zeebe:subscription', { correlationKey: d.message.correlationKey })] : [];
      ctx.messages.push(tag('bpmn:message', { id: messageId, name: d.message.name }, ext(key)));
      return tag('bpmn:intermediateCatchEvent', base, [...flows, tag('bpmn:messageEventDefinition', { id: `${n.id}_message`, messageRef: messageId })]);
    }
    case 'subProcess':
      return tag('bpmn:subProcess', base, [...flows, ...loop, ...scopeXml(d.scope, ctx)]);
  }
}

function flowXml(f: DraftFlow): string {
  const condition = f.condition !== undefined ? [tag('bpmn:conditionExpression', { 'xsi:type': 'bpmn:tFormalExpression' }, text(f.condition))] : [];
  return tag('bpmn:sequenceFlow', { id: f.id, name: f.name, sourceRef: f.sourceId, targetRef: f.targetId }, condition);
}

function scopeXml(scope: Scope, ctx: Ctx): string[] {
  return [...scope.nodes.map((n) => nodeXml(n, scope, ctx)), ...scope.flows.map(flowXml)];
}

function diagramXml(draft: Draft, layout: Layout): string {
  const expanded = new Set<string>();
  const collect = (s: Scope): void => {
    for (const n of s.nodes) if (n.data.kind === 'subProcess') (expanded.add(n.id), collect(n.data.scope));
  };
  collect(draft.root);
  const gateways = new Set<string>();
  const markGateways = (s: Scope): void => {
    for (const n of s.nodes) {
      if (n.data.kind === 'exclusiveGateway') gateways.add(n.id);
      if (n.data.kind === 'subProcess') markGateways(n.data.scope);
    }
  };
  markGateways(draft.root);
  const shapes = [...layout.shapes].map(([id, b]) =>
    tag('bpmndi:BPMNShape', { id: `${id}_di`, bpmnElement: id, isExpanded: expanded.has(id) ? true : undefined, isMarkerVisible: gateways.has(id) ? true : undefined }, [
      tag('dc:Bounds', { x: b.x, y: b.y, width: b.width, height: b.height }),
    ]),
  );
  const edges = [...layout.edges].map(([id, points]) =>
    tag('bpmndi:BPMNEdge', { id: `${id}_di`, bpmnElement: id }, points.map((p) => tag('di:waypoint', { x: p.x, y: p.y }))),
  );
  return tag('bpmndi:BPMNDiagram', { id: `${draft.id}_diagram` }, [tag('bpmndi:BPMNPlane', { id: `${draft.id}_plane`, bpmnElement: draft.id }, [...shapes, ...edges])]);
}

export function writeDefinitions(draft: Draft): string {
  const c8 = draft.flavour === 'camunda8';
  const ctx: Ctx = { draft, c8, messages: [], forms: [] };
  const body = scopeXml(draft.root, ctx);
  const processAttrs: Attrs = {
    id: draft.id,
    name: draft.name,
    isExecutable: true,
    'camunda:versionTag': !c8 ? draft.versionTag : undefined,
  };
  const processExt = ext([...(c8 && draft.versionTag !== undefined ? [tag('zeebe:versionTag', { value: draft.versionTag })] : []), ...ctx.forms]);
  const proc = tag('bpmn:process', processAttrs, [...processExt, ...body]);
  const root: Attrs = {
    'xmlns:bpmn': NS.bpmn,
    'xmlns:bpmndi': NS.bpmndi,
    'xmlns:dc': NS.dc,
    'xmlns:di': NS.di,
    'xmlns:xsi': NS.xsi,
    'xmlns:modeler': NS.modeler,
    ...(c8 ? { 'xmlns:zeebe': NS.zeebe } : { 'xmlns:camunda': NS.camunda }),
    id: `${draft.id}_definitions`,
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    exporter: 'bpmn-runner builder',
    exporterVersion: '0.1.0',
    'modeler:executionPlatform': c8 ? 'Camunda Cloud' : 'Camunda Platform',
    'modeler:executionPlatformVersion': c8 ? '8.6.0' : '7.22.0',
  };
  const definitions = tag('bpmn:definitions', root, [...ctx.messages, proc, diagramXml(draft, layoutProcess(draft.root))]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${definitions}\n`;
}
