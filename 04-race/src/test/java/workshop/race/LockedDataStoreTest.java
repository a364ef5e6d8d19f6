package workshop.race;

import org.junit.jupiter.api.DisplayName;

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
}
