package dev.realtime.spi;

import java.util.Objects;

/**
 * A backplane's health for health endpoints.
 *
 * @param name the backplane's name, e.g. {@code local} or {@code redis}
 * @param state its state
 * @param detail a short human-readable detail (never a secret such as a password)
 */
public record BackplaneHealth(String name, BackplaneState state, String detail) {

  /**
   * Checks for nulls.
   *
   * @param name see the record component
   * @param state see the record component
   * @param detail see the record component
   */
  public BackplaneHealth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * @return whether messages can flow ({@link BackplaneState#UP} or {@link
   *     BackplaneState#RECOVERED})
   */
  public boolean isUp() {
    return state != BackplaneState.DOWN;
  }
}
