package dev.realtime.spi;

import dev.realtime.RealtimeConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Creates a {@link Backplane}; found with {@link java.util.ServiceLoader} when no backplane is
 * given to the hub builder. Register it in {@code
 * META-INF/services/dev.realtime.spi.BackplaneProvider}.
 */
public interface BackplaneProvider {

  /**
   * @return the name users choose it by ({@code realtime.backplane} / {@code REALTIME_BACKPLANE})
   */
  String name();

  /**
   * Creates a backplane when this provider is configured.
   *
   * @param config the hub's configuration
   * @param environment settings such as {@code REDIS_URL}, usually the process environment
   * @return a backplane, or empty when this provider is not configured (e.g. no URL)
   */
  Optional<Backplane> create(RealtimeConfig config, Map<String, String> environment);
}
