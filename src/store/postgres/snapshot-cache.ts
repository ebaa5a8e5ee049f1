/**
 * The snapshot text of instances this process saved, loaded or claimed work of last, with its version,
 * and the versions a claim saw its instances at. A claim's statement reads the instance's version and
 * snapshot beside the job or timer row it leases; the command that runs the claimed work then takes the
 * snapshot from here instead of loading it: one round trip less per claimed item (two of an order's
 * seven statements in the bench). That is as safe as the load it replaces: the snapshot
 * is the one the database held when the claim ran, and the save still names that version, so a
 * process that moved the instance meanwhile makes it a lost race, exactly as after a load.
 *
 * A hint is used once and only for the next load; everything else still loads from the database.
 */
const LIMIT = 5_000;

export class SnapshotCache {
  private readonly texts = new Map<string, { version: number; text: string }>();
  private readonly hints = new Map<string, number>();

  remember(id: string, version: number, text: string): void {
    this.texts.delete(id);
    if (this.texts.size >= LIMIT) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(id, { version, text });
  }

  /** A text read elsewhere (a claim): kept unless a newer version is held already. */
  offer(id: string, version: number, text: string): void {
    const held = this.texts.get(id);
    if (held === undefined || held.version < version) this.remember(id, version, text);
  }

  forget(id: string): void {
    this.texts.delete(id);
    this.hints.delete(id);
  }

  /** A claim saw instance `id` at `version`. */
  hint(id: string, version: number): void {
    if (!this.texts.has(id)) return;
    if (this.hints.size >= LIMIT) this.hints.delete(this.hints.keys().next().value!);
    this.hints.set(id, version);
  }

  /** The text to load instead of asking the database, when a claim vouched for the version held. */
  take(id: string): string | undefined {
    const hinted = this.hints.get(id);
    if (hinted === undefined) return undefined;
    this.hints.delete(id);
    const held = this.texts.get(id);
    return held !== undefined && held.version === hinted ? held.text : undefined;
  }
}
