/**
 * `bpmn-runner/builder`: define processes in code. The builder writes BPMN 2.0 XML with a diagram
 * (Camunda 7 flavour by default, Camunda 8 with `{ flavour: 'camunda8' }`) that deploys on the Engine
 * and opens in Camunda Modeler; `toDefinitions()` is the spec graph our parser reads back from it.
 */
export { process, FlowBuilder, ConditionalGateway, ParallelGateway } from './flow-builder.js';
export type {
  ConditionalGatewayOptions,
  Deployer,
  EndOptions,
  FlowOptions,
  GatewayOptions,
  MessageOptions,
  ScriptTaskOptions,
  ServiceTaskOptions,
  StartOptions,
  Step,
  SubProcessOptions,
  TimerOptions,
  UserTaskOptions,
} from './flow-builder.js';
export { chain, chord, firstOf, forEach, group, message, service, timer, waitFor } from './patterns.js';
export type { FirstOf, ForEachOptions, WaitEvent } from './patterns.js';
export type { BuilderFlavour, FormFieldInput, MessageInput, MultiInstanceOptions, TimerInput } from './model.js';
