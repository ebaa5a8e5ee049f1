import type { Instance, UserTask, Incident } from './types.js';

/** Payloads of the events `engine.on()` delivers; names are part of the public API. */
export interface EngineEvents {
  'instance.started': { instance: Instance };
  'instance.completed': { instance: Instance };
  'instance.failed': { instance: Instance };
  'instance.terminated': { instance: Instance };
  'instance.suspended': { instance: Instance };
  'instance.resumed': { instance: Instance };
  'element.entered': { instanceId: string; elementId: string };
  'element.completed': { instanceId: string; elementId: string };
  'userTask.created': { task: UserTask };
  'userTask.completed': { instanceId: string; taskId: string; elementId: string };
  'incident.created': { incident: Incident };
  'incident.resolved': { instanceId: string; incidentId: string; elementId: string };
  /** `priority`: the job's Camunda 7 priority (0 unless `camunda:jobPriority` / `camunda:taskPriority` say otherwise). */
  'job.created': { instanceId: string; jobId: string; elementId: string; priority: number };
  'job.locked': { instanceId: string; jobId: string; elementId: string; workerId: string; lockExpiresAt: string };
  'timer.fired': { instanceId: string; timerId: string; elementId: string };
  'message.correlated': { instanceId: string; name: string; elementId?: string };
}

export type EngineEventName = keyof EngineEvents;
export type EngineListener<K extends EngineEventName> = (payload: EngineEvents[K]) => void;

/** A tiny typed emitter: a listener that throws is reported, never allowed to break the engine. */
export class EventBus {
  private readonly listeners = new Map<EngineEventName, Set<(p: never) => void>>();

  on<K extends EngineEventName>(name: K, listener: EngineListener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (p: never) => void);
    return () => set!.delete(listener as (p: never) => void);
  }

  has(name: EngineEventName): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const l of set) {
      try {
        (l as (p: EngineEvents[K]) => void)(payload);
      } catch (e) {
        process.emitWarning(`an engine listener for ${name} threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
