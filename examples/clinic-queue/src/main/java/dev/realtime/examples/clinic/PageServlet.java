package dev.realtime.examples.clinic;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The pages: {@code GET /} lists the doctors, {@code GET /doctors/{id}} shows one doctor's live
 * queue (an {@code EventSource} on {@code /api/sse/doctors/{id}}) with the reception's check-in
 * form and "call next" button. Any other path is a JSON 404.
 */
final class PageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String TEMPLATE = "doctor.html";

  private final transient Store store;
  private final String doctorPage;

  PageServlet(Store store) {
    this.store = store;
    this.doctorPage = template();
  }

  private static String template() {
    InputStream in = PageServlet.class.getResourceAsStream(TEMPLATE);
    try (InputStream page = Objects.requireNonNull(in, "classpath resource " + TEMPLATE)) {
      return new String(page.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Api.run(
        response,
        () -> {
          if (path.equals("/")) {
            html(response, index());
          } else if (path.startsWith("/doctors/")) {
            long id = Requests.doctorId(path.substring("/doctors/".length()));
            Queue.Doctor doctor =
                store.doctor(id).orElseThrow(() -> ClinicException.unknownDoctor(id));
            html(
                response,
                doctorPage
                    .replace("{{id}}", Long.toString(doctor.id()))
                    .replace("{{name}}", escape(doctor.name())));
          } else {
            throw new ClinicException(404, "no such page: " + path);
          }
        });
  }

  private String index() throws SQLException {
    StringBuilder links = new StringBuilder();
    for (Queue.Doctor d : store.doctors()) {
      links
          .append("<li><a href=\"/doctors/")
          .append(d.id())
          .append("\">")
          .append(escape(d.name()))
          .append("</a></li>\n");
    }
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Clinic queue</title></head>\n"
        + "<body style=\"font-family: system-ui, sans-serif; margin: 2rem\">\n"
        + "<h1>Clinic queue</h1>\n<p>Pick a doctor to see the live waiting room.</p>\n<ul>\n"
        + links
        + "</ul>\n</body></html>\n";
  }

  private static void html(HttpServletResponse response, String page) throws IOException {
    Json.write(response, 200, "text/html", page);
  }

  /** Escapes text for HTML element content and quoted attributes. */
  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
