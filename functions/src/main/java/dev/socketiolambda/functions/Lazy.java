package dev.socketiolambda.functions;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once, whatever the number of threads asking: clients that a
 * function never uses cost nothing at cold start and leave nothing in a SnapStart snapshot.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<? extends T> factory;
  private volatile T value;

  private Lazy(Supplier<? extends T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  public static <T> Lazy<T> of(Supplier<? extends T> factory) {
    return new Lazy<>(factory);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(factory.get(), "a lazy value's factory returned null");
          value = v;
        }
      }
    }
    return v;
  }

  /** True once the value has been built. */
  public boolean isBuilt() {
    return value != null;
  }
}
