package dev.realtime.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A kit that passes everything proves nothing: each {@link Fault} must make the contract tests that
 * guard against it fail, and a faultless node must pass the whole kit through the same wrapper.
 */
class KitSelfTest {
  /** Engine logs of the launched runs are noise here; held so the level sticks. */
  private static final java.util.logging.Logger ENGINE_LOG =
      java.util.logging.Logger.getLogger("dev.realtime");

  static {
    ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void kitCatchesFault(Fault fault) {
    FaultyBusContract.fault = fault;
    try {
      List<DiscoverySelector> selectors =
          fault.caughtBy.isEmpty()
              ? List.of(selectClass(FaultyBusContract.class))
              : fault.caughtBy.stream()
                  .map(m -> (DiscoverySelector) selectMethod(FaultyBusContract.class, m))
                  .toList();
      TestExecutionSummary summary = run(selectors);

      long found = summary.getTestsFoundCount();
      assertThat(found)
          .as("contract tests run")
          .isEqualTo(fault == Fault.NONE ? 11 : selectors.size());
      assertThat(summary.getTestsFailedCount())
          .as("contract tests failed with fault " + fault + ": " + failures(summary))
          .isEqualTo(fault == Fault.NONE ? 0 : found);
    } finally {
      FaultyBusContract.fault = Fault.NONE;
    }
  }

  private static TestExecutionSummary run(List<DiscoverySelector> selectors) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  private static String failures(TestExecutionSummary summary) {
    return summary.getFailures().stream()
        .map(f -> f.getTestIdentifier().getDisplayName() + " -> " + f.getException())
        .toList()
        .toString();
  }
}
