package dev.realtime.bench.backplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NaiveJsonTest {

  @Test
  void roundTripsQuotesBackslashesLineBreaksControlsAndUnicode() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("room", "bench");
    m.put("data", "a \"quoted\" \\ line\nbreak\r\ttab \u0001 é 😀");
    String json = NaiveJson.encode(m);
    assertThat(json)
        .startsWith("{\"room\":\"bench\",\"data\":\"a \\\"quoted\\\"")
        .doesNotContain("\n");
    assertThat(NaiveJson.decode(json)).containsExactlyEntriesOf(m);
  }

  @Test
  void readsWhitespaceAndEmptyObjects() {
    assertThat(NaiveJson.decode(" { \"a\" : \"1\" , \"b\":\"\\u0041\" } "))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "A"));
    assertThat(NaiveJson.decode("{}")).isEmpty();
  }

  @Test
  void refusesWhatIsNotAFlatObjectOfStrings() {
    assertThatThrownBy(() -> NaiveJson.decode("[1]")).hasMessage("json: expected '{' at offset 0");
    assertThatThrownBy(() -> NaiveJson.decode("{\"a\":1}"))
        .hasMessage("json: expected '\"' at offset 5");
    assertThatThrownBy(() -> NaiveJson.decode("{\"a\":\"x"))
        .hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> NaiveJson.decode("{\"a\":\"x\""))
        .hasMessageContaining("unexpected end");
  }
}
