package dev.realtime.examples.clinic;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Reads what clients send: doctor ids from paths and small JSON bodies, refusing bad input. */
final class Requests {
  /** Largest request body, in bytes. */
  static final int MAX_BODY_BYTES = 4096;

  private Requests() {}

  /**
   * Parses a doctor id: a positive whole number of at most 18 digits.
   *
   * @throws ClinicException 400 naming the field
   */
  static long doctorId(String raw) throws ClinicException {
    if (raw == null || !raw.matches("[0-9]{1,18}") || Long.parseLong(raw) == 0) {
      String shown = raw == null ? "" : raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
      throw new ClinicException(
          400, "doctorId must be a whole number from 1 to 18 digits, was '" + shown + "'");
    }
    return Long.parseLong(raw);
  }

  /**
   * The path after the servlet's mapping, split on {@code /}: {@code /1/queue} gives {@code ["1",
   * "queue"]}; no path gives an empty array.
   */
  static String[] segments(HttpServletRequest request) {
    String path = request.getPathInfo();
    if (path == null || path.equals("/")) {
      return new String[0];
    }
    return path.substring(1).split("/", -1);
  }

  /**
   * Reads the body as one flat JSON object of at most {@value #MAX_BODY_BYTES} bytes.
   *
   * @throws ClinicException 415 when it is not declared as JSON, 413 when it is too large, 400 when
   *     it is not UTF-8 or not a JSON object
   */
  static Map<String, Object> jsonObject(HttpServletRequest request)
      throws IOException, ClinicException {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ClinicException(415, "Content-Type must be application/json, was " + type);
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try {
      // A fresh decoder reports malformed input instead of replacing it.
      return JsonBody.parseObject(
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString());
    } catch (CharacterCodingException e) {
      throw new ClinicException(400, "body must be UTF-8");
    } catch (IllegalArgumentException e) {
      throw new ClinicException(400, e.getMessage());
    }
  }

  /**
   * A required string member of a JSON body.
   *
   * @throws ClinicException 400 naming the field when it is missing or not a string
   */
  static String string(Map<String, Object> body, String field) throws ClinicException {
    Object value = body.get(field);
    if (value instanceof String s) {
      return s;
    }
    throw new ClinicException(
        400,
        value == null
            ? "missing field: " + field
            : field + " must be a JSON string, was " + ((JsonBody.Literal) value).text());
  }

  private static ClinicException tooLarge() {
    return new ClinicException(413, "body must be at most " + MAX_BODY_BYTES + " bytes");
  }
}
