package dev.realtime.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void escapesQuotesBackslashesAndNamedControlCharacters() {
    assertThat(Json.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(Json.quote("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
  }

  @Test
  void escapesOtherControlCharactersAsUnicode() {
    assertThat(Json.quote("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
    assertThat(Json.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
  }

  @Test
  void keepsPrintableAndNonAsciiTextAsIs() {
    assertThat(Json.quote("doctor-123 / é ✓ 😀 <>&'")).isEqualTo("\"doctor-123 / é ✓ 😀 <>&'\"");
    assertThat(Json.quote("\u007f")).isEqualTo("\"\u007f\"");
  }

  @Test
  void escapesLoneSurrogatesSoTheOutputIsValidUtf8() {
    assertThat(Json.quote("a\ud800b")).isEqualTo("\"a\\ud800b\"");
    assertThat(Json.quote("\udc00")).isEqualTo("\"\\udc00\"");
    assertThat(Json.quote("x\ud83d")).isEqualTo("\"x\\ud83d\"");
  }

  @Test
  void writesObjectsWithNumbersNestedObjectsAndSortedMaps() {
    String json =
        Json.object()
            .field("s", "v")
            .field("n", 1_800_000L)
            .field("d", 12.5)
            .field("nan", Double.NaN)
            .field("nil", (String) null)
            .field("nested", Json.object().field("k", "v"))
            .field("counts", Map.of("b", 2, "a", 1))
            .toString();
    assertThat(json)
        .isEqualTo(
            "{\"s\":\"v\",\"n\":1800000,\"d\":12.5,\"nan\":null,\"nil\":null,"
                + "\"nested\":{\"k\":\"v\"},\"counts\":{\"a\":1,\"b\":2}}");
    assertThat(Json.object().toString()).isEqualTo("{}");
    assertThat(Json.object().field("q\"", "x").toString()).isEqualTo("{\"q\\\"\":\"x\"}");
  }
}
