package workshop.race;

import org.junit.jupiter.api.DisplayName;
import workshop.testkit.ThreadSnapshot;

@DisplayName("Task 1: a synchronized block makes read, add and write one step")
class SynchronizedDataStoreTest extends DataStoreContract {
    @Override
    DataStore newStore(Pauses pauses) {
        return new SynchronizedDataStore(pauses);
    }

    @Override
    Class<? extends DataStore> storeClass() {
        return SynchronizedDataStore.class;
    }

    @Override
    String lookAt() {
        return "SynchronizedDataStore.update (task 1): synchronized (lock) { read, add, write }";
    }

    @Override
    String otherWayOfWaiting(ThreadSnapshot waiter) {
        return waiter.state() == Thread.State.BLOCKED ? null
                : "It waits in a java.util.concurrent lock (or the like), not for a monitor. That works, but this task is"
                        + " about synchronized: synchronized (lock) { read, add, write }";
    }
}
