package dev.realtime.backplane.local;

import dev.realtime.RealtimeConfig;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneProvider;
import java.util.Map;
import java.util.Optional;

/** Provides {@link LocalBackplane} under the name {@code local}; always configured. */
public final class LocalBackplaneProvider implements BackplaneProvider {

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public LocalBackplaneProvider() {}

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Optional<Backplane> create(RealtimeConfig config, Map<String, String> environment) {
    return Optional.of(new LocalBackplane());
  }
}
