package dev.realtime.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON written and read by the clinic, and the doctor ids read from paths. */
class JsonTest {

  @Test
  void writesObjectsArraysAndNulls() {
    String json =
        Json.object()
            .field("id", 7)
            .field("name", "Ann")
            .field("ok", true)
            .field("none", (String) null)
            .field("list", Json.array().add(Json.object().field("a", 1)).add(Json.object()))
            .toString();

    assertThat(json)
        .isEqualTo("{\"id\":7,\"name\":\"Ann\",\"ok\":true,\"none\":null,\"list\":[{\"a\":1},{}]}");
  }

  @Test
  void escapesQuotesControlCharactersAndScriptTags() {
    assertThat(Json.object().field("s", "a\"b\\c\nd\u0001</script>\u2028").toString())
        .isEqualTo("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\\u003c/script>\\u2028\"}");
  }

  @Test
  void refusesFieldsOnArraysAndElementsOnObjects() {
    assertThatThrownBy(() -> Json.array().field("a", 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Json.object().add(Json.object()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void readsAFlatObject() {
    Map<String, Object> body =
        JsonBody.parseObject(
            " { \"patient\" : \"Zo\\u00eb \\\"Z\\\" M\\u00fcller\\n\", \"age\": -4.5e2,"
                + " \"vip\": true, \"note\": null } ");

    assertThat(body)
        .containsEntry("patient", "Zoë \"Z\" Müller\n")
        .containsEntry("age", new JsonBody.Literal("-4.5e2"))
        .containsEntry("vip", new JsonBody.Literal("true"))
        .containsEntry("note", new JsonBody.Literal("null"));
    assertThat(JsonBody.parseObject("{}")).isEmpty();
  }

  @Test
  void saysWhereABodyIsNotJson() {
    assertThatThrownBy(() -> JsonBody.parseObject(""))
        .hasMessage("body is not valid JSON: expected '{' at character 1 (end of body)");
    assertThatThrownBy(() -> JsonBody.parseObject("{\"patient\" \"Ann\"}"))
        .hasMessage("body is not valid JSON: expected ':' at character 12");
    assertThatThrownBy(() -> JsonBody.parseObject("{\"patient\":\"Ann\"} x"))
        .hasMessage("body is not valid JSON: expected end of body at character 19");
    assertThatThrownBy(() -> JsonBody.parseObject("{\"patient\":\"Ann"))
        .hasMessageContaining("expected closing '\"'");
    assertThatThrownBy(() -> JsonBody.parseObject("{\"a\":tru}"))
        .hasMessageContaining("expected a JSON value at character 6");
    assertThatThrownBy(() -> JsonBody.parseObject("{\"a\":\"\\x\"}"))
        .hasMessageContaining("a valid escape");
    assertThatThrownBy(() -> JsonBody.parseObject("{\"a\":\"\\u+041\"}"))
        .hasMessageContaining("four hex digits");
    assertThatThrownBy(() -> JsonBody.parseObject("{\"a\":{\"b\":1}}"))
        .hasMessage("body must be a flat JSON object; nested objects and arrays are not accepted");
  }

  @Test
  void doctorIdsArePositiveWholeNumbers() throws ClinicException {
    assertThat(Requests.doctorId("1")).isEqualTo(1);
    assertThat(Requests.doctorId("123456789012345678")).isEqualTo(123456789012345678L);
    for (String bad : new String[] {"0", "-1", "1.5", "abc", "", "1234567890123456789", " 1"}) {
      assertThatThrownBy(() -> Requests.doctorId(bad))
          .isInstanceOfSatisfying(ClinicException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageStartingWith("doctorId must be a whole number from 1 to 18 digits, was '");
    }
  }

  @Test
  void patientNamesAreTrimmedAndBounded() {
    assertThat(Store.requirePatientName("  Ann Lee ")).isEqualTo("Ann Lee");
    assertThat(Store.requirePatientName("x".repeat(100))).hasSize(100);
    assertThatThrownBy(() -> Store.requirePatientName("x".repeat(101)))
        .hasMessage("patient must be 1-100 characters, was 101");
    assertThatThrownBy(() -> Store.requirePatientName("   "))
        .hasMessage("patient must be 1-100 characters, was 0");
    assertThatThrownBy(() -> Store.requirePatientName("Ann\u0007"))
        .hasMessage("patient must not contain control characters");
  }
}
