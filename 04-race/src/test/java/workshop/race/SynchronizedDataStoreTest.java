package workshop.race;

import org.junit.jupiter.api.DisplayName;

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
}
