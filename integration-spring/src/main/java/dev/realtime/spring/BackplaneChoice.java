package dev.realtime.spring;

import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Which backplane the application gets, and why (for the one log line saying so). {@code
 * realtime.backplane} decides when set; unset ({@code auto}), Redis is chosen when {@code
 * backplane-redis} is on the classpath and a Redis URL is configured, Hazelcast when {@code
 * backplane-hazelcast} is on the classpath and the application has a {@code HazelcastInstance}
 * bean, and {@code local} otherwise. Deciding never fails; {@link LocalBackplaneConfiguration}
 * reports a choice that no configuration could serve (unknown name, library missing).
 *
 * @param name {@code local}, {@code redis}, {@code hazelcast}, or whatever the user wrote
 * @param reason why, in words
 */
record BackplaneChoice(String name, String reason) {
  static final String PROPERTY = "realtime.backplane";
  static final String REDIS_CLASS = "dev.realtime.backplane.redis.RedisBackplane";
  static final String HAZELCAST_CLASS = "dev.realtime.backplane.hazelcast.HazelcastBackplane";
  static final String HAZELCAST_INSTANCE = "com.hazelcast.core.HazelcastInstance";

  static BackplaneChoice decide(Environment env, ClassLoader loader, ListableBeanFactory beans) {
    String wanted = env.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    if (!wanted.isEmpty() && !wanted.equals("auto")) {
      return new BackplaneChoice(wanted, PROPERTY + "=" + wanted);
    }
    boolean redisLibrary = ClassUtils.isPresent(REDIS_CLASS, loader);
    Optional<RedisLocation> redis = RedisLocation.find(env);
    if (redisLibrary && redis.isPresent()) {
      return new BackplaneChoice(
          "redis", "backplane-redis is on the classpath and " + redis.get().source() + " is set");
    }
    boolean hazelcastLibrary = ClassUtils.isPresent(HAZELCAST_CLASS, loader);
    if (hazelcastLibrary && hasHazelcastInstance(loader, beans)) {
      return new BackplaneChoice(
          "hazelcast",
          "backplane-hazelcast is on the classpath and the application has a HazelcastInstance"
              + " bean");
    }
    String why;
    if (redisLibrary) {
      why =
          "backplane-redis is on the classpath but no Redis URL is set (realtime.redis.uri or"
              + " spring.data.redis.url)";
    } else if (hazelcastLibrary) {
      why =
          "backplane-hazelcast is on the classpath but the application has no HazelcastInstance"
              + " bean (or set realtime.backplane=hazelcast for an embedded member)";
    } else {
      why =
          "no backplane library on the classpath; add dev.realtime:backplane-redis or"
              + " dev.realtime:backplane-hazelcast to run several nodes";
    }
    return new BackplaneChoice("local", "single node: " + why);
  }

  private static boolean hasHazelcastInstance(ClassLoader loader, ListableBeanFactory beans) {
    if (!ClassUtils.isPresent(HAZELCAST_INSTANCE, loader)) {
      return false;
    }
    Class<?> type = ClassUtils.resolveClassName(HAZELCAST_INSTANCE, loader);
    return beans.getBeanNamesForType(type, true, false).length > 0;
  }

  /**
   * Matches when the choice is this condition's backplane. Evaluated when bean definitions are
   * registered, not when configuration classes are parsed, so that it sees the application's own
   * {@code HazelcastInstance} bean.
   */
  abstract static class OnChoice extends SpringBootCondition implements ConfigurationCondition {
    private final String name;

    OnChoice(String name) {
      this.name = name;
    }

    @Override
    public ConfigurationPhase getConfigurationPhase() {
      return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      BackplaneChoice choice =
          decide(context.getEnvironment(), context.getClassLoader(), context.getBeanFactory());
      String message = "realtime backplane " + choice.name() + ": " + choice.reason();
      return choice.name().equals(name)
          ? ConditionOutcome.match(message)
          : ConditionOutcome.noMatch(message);
    }
  }

  /** The Redis backplane is chosen. */
  static final class OnRedis extends OnChoice {
    OnRedis() {
      super("redis");
    }
  }

  /** The Hazelcast backplane is chosen. */
  static final class OnHazelcast extends OnChoice {
    OnHazelcast() {
      super("hazelcast");
    }
  }
}
