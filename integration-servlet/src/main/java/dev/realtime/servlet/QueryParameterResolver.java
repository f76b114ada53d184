package dev.realtime.servlet;

import dev.realtime.ConnectionRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/** {@link ConnectionRequestResolver#queryParameters()}. */
final class QueryParameterResolver implements ConnectionRequestResolver {
  static final QueryParameterResolver INSTANCE = new QueryParameterResolver();

  static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";

  private QueryParameterResolver() {}

  @Override
  public ConnectionRequest resolve(HttpServletRequest request) throws RequestRejectedException {
    String[] rooms = request.getParameterValues("room");
    String resource = request.getParameter("resource");
    if (resource == null && rooms != null && rooms.length > 0) {
      resource = rooms[0];
    }
    if (resource == null) {
      throw new RequestRejectedException(400, "Missing query parameter: resource (or room)");
    }
    try {
      ConnectionRequest.Builder builder = ConnectionRequest.builder(resource);
      if (rooms != null) {
        for (String room : rooms) {
          builder.room(room);
        }
      }
      Principal principal = request.getUserPrincipal();
      if (principal != null && principal.getName() != null) {
        builder.principal(principal.getName());
      }
      String lastEventId = request.getHeader(LAST_EVENT_ID_HEADER);
      if (lastEventId == null) {
        lastEventId = request.getParameter("lastEventId");
      }
      if (lastEventId != null) {
        builder.lastEventId(lastEventId);
      }
      // build() validates the resource name; the room and id setters validated theirs.
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new RequestRejectedException(400, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "ConnectionRequestResolver.queryParameters()";
  }
}
