package io.cairn.store;

class MemoryStoreTest extends StoreContract {
  @Override
  Store newStore() {
    return new MemoryStore();
  }
}
