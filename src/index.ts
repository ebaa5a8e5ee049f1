/**
 * bpmn-runner: the public API (see API.md). Everything a user imports comes from here by name.
 */
export { Engine } from './runtime/engine.js';
export { ManualClock, SystemClock } from './runtime/clock.js';
export type { Clock } from './runtime/clock.js';
export type {
  Deployment,
  DeployedProcess,
  EngineOptions,
  ExternalTask,
  HistoryEvent,
  Incident,
  Instance,
  InstanceQuery,
  InstanceStatus,
  JobExecutorOptions,
  ListenerTask,
  RetryPolicy,
  ServiceContext,
  ServiceHandler,
  StartOptions,
  UserTask,
  UserTaskQuery,
  VariableMapping,
  VariableMappingInputContext,
  VariableMappingOutputContext,
} from './runtime/types.js';
export type { EngineEventName, EngineEvents } from './runtime/event-bus.js';
export type { FetchAndLockRequest } from './runtime/external-tasks.js';
export type { CorrelateOptions, CorrelateResult } from './runtime/event-delivery.js';
export { MemoryStore } from './store/memory-store.js';
export { FileStore } from './store/file-store.js';
export { PostgresStore } from './store/postgres/index.js';
export type { PostgresStoreOptions } from './store/postgres/index.js';
export type { Store, StoredDeployment } from './store/types.js';
export { isSharedStore } from './store/shared-store.js';
export type { SharedStore } from './store/shared-store.js';
export type { Snapshot, TaskProperties } from './engine/state.js';
export {
  BpmnError,
  BpmnRunnerError,
  ConflictError,
  ExpressionError,
  FormValidationError,
  InvalidStateError,
  NotFoundError,
  ParseError,
  ScriptError,
  StoreError,
  TimeoutError,
  UnsupportedElementError,
} from './errors/index.js';
export type { ErrorCode, ErrorDetails, FieldError } from './errors/index.js';
export type { FormField, FormSpec, Flavour } from './spec/types.js';
export type { DecisionResult } from './dmn/types.js';
