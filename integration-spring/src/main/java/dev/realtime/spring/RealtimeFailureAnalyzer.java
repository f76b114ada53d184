package dev.realtime.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link RealtimeConfigurationException} as Boot's start-up failure analysis: the
 * description names the property and its limit, the action says what to change. Registered in
 * {@code META-INF/spring.factories}.
 */
final class RealtimeFailureAnalyzer
    extends AbstractFailureAnalyzer<RealtimeConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RealtimeConfigurationException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
