package dev.realtime.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What a user sees when start-up fails: Boot's failure report, written by {@link
 * RealtimeFailureAnalyzer} (registered in {@code META-INF/spring.factories}), names the property
 * and the limit, or the dependency to add.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalysisTest {

  @Test
  void anInvalidPropertyIsReportedByName(CapturedOutput output) {
    assertThatThrownBy(() -> run("realtime.max-connections-per-resource=0"))
        .isInstanceOf(Exception.class);
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("realtime.max-connections-per-resource must be between 1 and 1000000, was 0")
        .contains("Change realtime.max-connections-per-resource");
  }

  @Test
  void anUnknownBackplaneIsReportedWithTheChoices(CapturedOutput output) {
    assertThatThrownBy(() -> run("realtime.backplane=rabbit")).isInstanceOf(Exception.class);
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("realtime.backplane must be local, redis or hazelcast")
        .contains("Set realtime.backplane to local, redis or hazelcast.");
  }

  private static void run(String property) {
    new SpringApplicationBuilder(TestApps.Plain.class)
        .web(WebApplicationType.NONE)
        .properties(property, "spring.jmx.enabled=false")
        .run()
        .close();
  }
}
