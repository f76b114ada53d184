package dev.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
  @Test
  void parsesTheIssueCommandOverTheDefaults() {
    LoadOptions o =
        LoadOptions.parse(
            "--connections", "10_000", "--seconds", "30", "--rate", "20", "--servers", "baseline");
    assertThat(o.connections()).isEqualTo(10_000);
    assertThat(o.seconds()).isEqualTo(30);
    assertThat(o.rate()).isEqualTo(20);
    assertThat(o.servers()).containsExactly(ServerMode.BASELINE);
    assertThat(o.measureHeap()).isTrue();
    assertThat(o.window()).isEqualTo(LoadOptions.defaults().window());
  }

  @Test
  void refusesValuesOutOfBoundsNamingTheOptionAndTheLimits() {
    assertThatThrownBy(() -> LoadOptions.parse("--connections", "20000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connections must be between 1 and 15000, was 20000");
    assertThatThrownBy(() -> LoadOptions.parse("--seconds", "0"))
        .hasMessage("seconds must be between 1 and 600, was 0");
    assertThatThrownBy(() -> LoadOptions.parse("--rate", "ten"))
        .hasMessage("--rate must be a whole number, was 'ten'");
    assertThatThrownBy(() -> LoadOptions.parse("--servers", "ours,tomcat"))
        .hasMessageContaining("servers must be one of [bare, ours, baseline], was 'tomcat'");
    assertThatThrownBy(() -> LoadOptions.parse("--servers", "bare"))
        .hasMessageContaining("bare is added by --heap");
    assertThatThrownBy(() -> LoadOptions.parse("--server-heap", "lots"))
        .hasMessageContaining("server-heap must be a size like 512m or 2g");
    assertThatThrownBy(() -> LoadOptions.parse("--heap", "yes"))
        .hasMessage("--heap must be true or false, was 'yes'");
    assertThatThrownBy(() -> LoadOptions.parse("--seconds"))
        .hasMessage("option --seconds needs a value");
    assertThatThrownBy(() -> LoadOptions.parse("--turbo", "1"))
        .hasMessageStartingWith("unknown option --turbo; known: --connections N");
  }

  @Test
  void keepsServerOrderWithoutDuplicates() {
    assertThat(LoadOptions.parse("--servers", "baseline, ours,baseline").servers())
        .isEqualTo(List.of(ServerMode.BASELINE, ServerMode.OURS));
  }
}
