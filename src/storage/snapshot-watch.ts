/**
 * Notice of publications made through this connection, at no cost per read: a TEMP trigger
 * (this connection's only, not part of the schema or its migrations) on the snapshots table
 * calls back into JavaScript when a snapshot is added (snapshots are never changed or deleted). The response cache uses it
 * to stop serving a page the moment this process publishes, without asking the database on
 * every request. Publications by other processes fire nothing here: readers that must see them
 * read the data version again from time to time.
 */
import type { Db } from './database.js';

/** Told when the snapshots may have changed (the transaction that changed them may yet roll back). */
export interface SnapshotWatcher {
  snapshotsChanged(): void;
}

const FUNCTION = 'policy_index_snapshots_changed';

/** Per connection, the watchers, held weakly: an app that is dropped is not kept alive by its database. */
const watchers = new WeakMap<Db, Set<WeakRef<SnapshotWatcher>>>();

export function watchSnapshots(db: Db, watcher: SnapshotWatcher): void {
  let set = watchers.get(db);
  if (set === undefined) {
    const registered = new Set<WeakRef<SnapshotWatcher>>();
    set = registered;
    watchers.set(db, registered);
    db.function(FUNCTION, () => {
      for (const ref of registered) {
        const live = ref.deref();
        if (live === undefined) registered.delete(ref);
        else live.snapshotsChanged();
      }
      return null;
    });
    db.exec(
      `CREATE TEMP TRIGGER IF NOT EXISTS policy_index_snapshot_added AFTER INSERT ON main.snapshots BEGIN SELECT ${FUNCTION}(); END`,
    );
  }
  set.add(new WeakRef(watcher));
}
