/** Small real diagrams for the security suite: a C7 and a C8 definitions wrapper and a flow helper. */
export const c7 = (body: string, extra = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  ${extra}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

export const c8 = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  modeler:executionPlatform="Camunda Cloud" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

export const flow = (id: string, from: string, to: string, condition?: string): string =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** start → exclusive gateway → (condition) yes / (default) no. */
export const gatewayWith = (wrap: (body: string) => string, condition: string): string =>
  wrap(`<bpmn:startEvent id="s" />${flow('f0', 's', 'gw')}
    <bpmn:exclusiveGateway id="gw" default="fNo" />
    ${flow('fYes', 'gw', 'yes', condition)}${flow('fNo', 'gw', 'no')}
    <bpmn:endEvent id="yes" /><bpmn:endEvent id="no" />`);

/** start → script task (JavaScript) → end. */
export const scriptDiagram = (script: string): string =>
  c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'run')}
    <bpmn:scriptTask id="run" scriptFormat="javascript"><bpmn:script>${escapeXml(script)}</bpmn:script></bpmn:scriptTask>${flow('f2', 'run', 'e')}
    <bpmn:endEvent id="e" />`);
