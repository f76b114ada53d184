package dev.realtime.examples.clinic;

import dev.realtime.Hub;
import dev.realtime.Message;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The reception's API under {@code /api/doctors}:
 *
 * <ul>
 *   <li>{@code GET /api/doctors} — every doctor and the resource key of its dashboards;
 *   <li>{@code GET /api/doctors/{id}/queue} — the queue document;
 *   <li>{@code POST /api/doctors/{id}/checkins} with {@code {"patient":"NAME"}} — {@code 201
 *       {"checkin":{..},"queue":{..}}};
 *   <li>{@code POST /api/doctors/{id}/next} — {@code 200 {"called":{..},"queue":{..}}}, or 409 when
 *       nobody is waiting.
 * </ul>
 *
 * Every stored change is broadcast to the doctor's dashboards as event {@value #EVENT} with the
 * queue document as data and its version as event id, after the transaction committed; a write that
 * fails broadcasts nothing.
 */
final class DoctorsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(DoctorsServlet.class.getName());

  /** The SSE event that carries a doctor's queue. */
  static final String EVENT = "queue";

  private final transient Hub hub;
  private final transient Store store;

  DoctorsServlet(Hub hub, Store store) {
    this.hub = hub;
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Api.run(
        response,
        () -> {
          String[] path = Requests.segments(request);
          if (path.length == 0) {
            Json list = Json.array();
            for (Queue.Doctor d : store.doctors()) {
              list.add(
                  Json.object()
                      .field("id", d.id())
                      .field("name", d.name())
                      .field("resource", d.resource()));
            }
            Json.object().field("doctors", list).send(response, 200);
          } else if (path.length == 2 && path[1].equals("queue")) {
            store.queue(Requests.doctorId(path[0])).toJson().send(response, 200);
          } else if (path.length == 2 && (path[1].equals("checkins") || path[1].equals("next"))) {
            throw wrongMethod(response, "POST");
          } else {
            throw notFound(path);
          }
        });
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Api.run(
        response,
        () -> {
          String[] path = Requests.segments(request);
          if (path.length != 2) {
            throw notFound(path);
          }
          long doctorId = Requests.doctorId(path[0]);
          switch (path[1]) {
            case "checkins" -> {
              String patient = Requests.string(Requests.jsonObject(request), "patient");
              Queue.Change change = store.checkIn(doctorId, patient);
              broadcast(change.queue());
              Json.object()
                  .field("checkin", Queue.toJson(change.patient()))
                  .field("queue", change.queue().toJson())
                  .send(response, 201);
            }
            case "next" -> {
              Queue.Change change = store.callNext(doctorId);
              broadcast(change.queue());
              Json.object()
                  .field("called", Queue.toJson(change.patient()))
                  .field("queue", change.queue().toJson())
                  .send(response, 200);
            }
            case "queue" -> throw wrongMethod(response, "GET");
            default -> throw notFound(path);
          }
        });
  }

  /**
   * Sends the committed queue to every dashboard of the doctor, on every instance. Never waits for
   * the backplane: when it is down the local dashboards still get the event and the others get
   * {@code realtime-gap} on recovery, their cue to reload the queue.
   */
  private void broadcast(Queue queue) {
    String resource = queue.doctor().resource();
    Message message =
        Message.builder()
            .event(EVENT)
            .id(Long.toString(queue.version()))
            .data(queue.toJson().toString())
            .coalescingKey(resource)
            .build();
    hub.sendToResource(resource, message)
        .whenComplete(
            (delivery, e) -> {
              if (e != null) {
                LOG.log(
                    Level.WARNING,
                    "Queue of {0} (version {1}) reached only this instance''s dashboards: {2}",
                    resource,
                    queue.version(),
                    Store.rootMessage(e));
              }
            });
  }

  private static ClinicException wrongMethod(HttpServletResponse response, String allowed) {
    response.setHeader("Allow", allowed);
    return new ClinicException(405, "use " + allowed + " here");
  }

  private static ClinicException notFound(String[] path) {
    return new ClinicException(
        404,
        "no such endpoint: /api/doctors/"
            + String.join("/", path)
            + "; use /api/doctors, /api/doctors/{id}/queue, /api/doctors/{id}/checkins or"
            + " /api/doctors/{id}/next");
  }
}
