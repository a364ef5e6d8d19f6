package workshop.race;

import org.junit.jupiter.api.DisplayName;
import workshop.testkit.ThreadSnapshot;

@DisplayName("Task 2: an explicit lock, released in finally")
class LockedDataStoreTest extends DataStoreContract {
    @Override
    DataStore newStore(Pauses pauses) {
        return new LockedDataStore(pauses);
    }

    @Override
    Class<? extends DataStore> storeClass() {
        return LockedDataStore.class;
    }

    @Override
    String lookAt() {
        return "LockedDataStore.update (task 2): lock.lock(); try { read, add, write } finally { lock.unlock(); }";
    }

    @Override
    String otherWayOfWaiting(ThreadSnapshot waiter) {
        return waiter.state() != Thread.State.BLOCKED ? null
                : "It waits for a monitor (synchronized). That works, but this task is about an explicit Lock, released"
                        + " in a finally block: lock.lock(); try { read, add, write } finally { lock.unlock(); }";
    }
}
