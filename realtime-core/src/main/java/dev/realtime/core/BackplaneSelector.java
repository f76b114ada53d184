package dev.realtime.core;

import dev.realtime.RealtimeConfig;
import dev.realtime.backplane.local.LocalBackplane;
import dev.realtime.backplane.local.LocalBackplaneProvider;
import dev.realtime.spi.Backplane;
import dev.realtime.spi.BackplaneProvider;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks the backplane: the one given to the builder; else the provider named by {@link
 * RealtimeConfig#backplane()}; else, with {@code auto}, the one configured non-local provider found
 * by {@link ServiceLoader} (a warning when several are); else single-node {@code local}.
 */
final class BackplaneSelector {
  private static final System.Logger LOG = System.getLogger(BackplaneSelector.class.getName());

  private BackplaneSelector() {}

  static Backplane select(
      RealtimeConfig config, Map<String, String> environment, ClassLoader loader) {
    List<BackplaneProvider> providers = new ArrayList<>();
    ServiceLoader.load(BackplaneProvider.class, loader).forEach(providers::add);
    providers.sort(Comparator.comparing(BackplaneProvider::name));
    String wanted = config.backplane();
    if (!wanted.equals("auto")) {
      BackplaneProvider p =
          providers.stream()
              .filter(x -> x.name().equals(wanted))
              .findFirst()
              .orElseGet(() -> wanted.equals("local") ? new LocalBackplaneProvider() : null);
      if (p == null) {
        throw new IllegalStateException(
            "Backplane '"
                + wanted
                + "' was chosen but no provider of that name is on the"
                + " classpath (found: "
                + names(providers)
                + "); add the dependency"
                + " dev.realtime:backplane-"
                + wanted);
      }
      return p.create(config, environment)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "Backplane '"
                          + wanted
                          + "' was chosen but is not configured; see the"
                          + " backplane-"
                          + wanted
                          + " README for its settings"));
    }
    List<Backplane> configured = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (BackplaneProvider p : providers) {
      if (p.name().equals("local")) {
        continue;
      }
      Optional<Backplane> b = p.create(config, environment);
      if (b.isPresent()) {
        configured.add(b.get());
        names.add(p.name());
      }
    }
    if (configured.isEmpty()) {
      LOG.log(Level.INFO, "No backplane configured, running single-node on the local backplane");
      return new LocalBackplane();
    }
    if (configured.size() > 1) {
      LOG.log(
          Level.WARNING,
          "Several backplanes are configured "
              + names
              + "; using '"
              + names.get(0)
              + "'. Set REALTIME_BACKPLANE to choose one.");
      for (Backplane extra : configured.subList(1, configured.size())) {
        extra.close();
      }
    }
    return configured.get(0);
  }

  private static List<String> names(List<BackplaneProvider> providers) {
    return providers.stream().map(BackplaneProvider::name).toList();
  }
}
