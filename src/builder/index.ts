/**
 * `bpmn-runner/builder`: define processes in code. The builder writes BPMN 2.0 XML with a diagram
 * (Camunda 7 flavour by default, Camunda 8 with `{ flavour: 'camunda8' }`) that deploys on the Engine
 * and opens in Camunda Modeler; `toDefinitions()` is the spec graph our parser reads back from it.
 */
export { process, process as defineProcess, FlowBuilder } from './flow-builder.js';
export type { Deployer, Step } from './flow-builder.js';
export { ConditionalGateway, ParallelGateway } from './gateway-builders.js';
export { chain, chord, firstOf, forEach, group, message, service, timer, waitFor } from './patterns.js';
export type { FirstOf, ForEachOptions, WaitEvent } from './patterns.js';
export type {
  BuilderFlavour,
  ConditionalGatewayOptions,
  EndOptions,
  FlowOptions,
  FormFieldInput,
  GatewayOptions,
  MessageInput,
  MessageOptions,
  MultiInstanceOptions,
  ScriptTaskOptions,
  ServiceTaskOptions,
  StartOptions,
  SubProcessOptions,
  TimerInput,
  TimerOptions,
  UserTaskOptions,
} from './model.js';
