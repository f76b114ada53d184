package dev.realtime.spring;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Where the Redis backplane connects, read from the {@link Environment} so that no Spring Data
 * Redis is needed: {@code realtime.redis.uri}, else the application's own {@code
 * spring.data.redis.url}, else {@code spring.data.redis.host}, {@code port}, {@code username},
 * {@code password}, {@code database} and {@code ssl.enabled}.
 *
 * @param uri the Redis URI (may hold a password: never log it)
 * @param source the property it came from, for log lines and error messages
 */
record RedisLocation(String uri, String source) {
  static final String URI_PROPERTY = "realtime.redis.uri";

  /** Spring Data Redis' own default, used when the backplane is chosen but no server is named. */
  static final RedisLocation DEFAULT = new RedisLocation("redis://localhost:6379", "the default");

  static Optional<RedisLocation> find(Environment env) {
    String own = env.getProperty(URI_PROPERTY);
    if (hasText(own)) {
      return Optional.of(new RedisLocation(own.trim(), URI_PROPERTY));
    }
    String url = env.getProperty("spring.data.redis.url");
    if (hasText(url)) {
      return Optional.of(new RedisLocation(url.trim(), "spring.data.redis.url"));
    }
    String host = env.getProperty("spring.data.redis.host");
    if (!hasText(host)) {
      return Optional.empty();
    }
    boolean ssl = env.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false);
    StringBuilder uri = new StringBuilder(ssl ? "rediss://" : "redis://");
    String user = env.getProperty("spring.data.redis.username");
    String password = env.getProperty("spring.data.redis.password");
    if (hasText(password)) {
      uri.append(hasText(user) ? encode(user) : "")
          .append(':')
          .append(encode(password))
          .append('@');
    }
    uri.append(host.trim()).append(':').append(env.getProperty("spring.data.redis.port", "6379"));
    String database = env.getProperty("spring.data.redis.database");
    if (hasText(database) && !database.trim().equals("0")) {
      uri.append('/').append(database.trim());
    }
    return Optional.of(new RedisLocation(uri.toString(), "spring.data.redis.host"));
  }

  /** The URI with any password masked, for log lines. */
  String display() {
    return uri.replaceAll("(://[^@/]*:)[^@/]*@", "$1****@");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
