package dev.socketiolambda.functions.recovery;

/** The recovery store contract in memory. */
class InMemoryRecoveryStoreTest extends RecoveryStoreContract {
  @Override
  protected RecoveryStore newStore() {
    return new InMemoryRecoveryStore();
  }
}
