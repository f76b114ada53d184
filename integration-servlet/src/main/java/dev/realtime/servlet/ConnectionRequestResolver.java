package dev.realtime.servlet;

import dev.realtime.ConnectionRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Maps an HTTP request to the {@link ConnectionRequest} the hub opens: resource key, rooms,
 * principal, attributes and {@code Last-Event-ID}. This is the host's authorization hook: decide
 * here who may listen to what, and throw {@link RequestRejectedException} to refuse. It runs on a
 * container thread before the connection takes a slot, so it should be quick.
 */
@FunctionalInterface
public interface ConnectionRequestResolver {

  /**
   * Resolves the request.
   *
   * @param request the SSE request (its {@code Origin} was already checked)
   * @return what to open
   * @throws RequestRejectedException to refuse the client with a status and a message
   */
  ConnectionRequest resolve(HttpServletRequest request) throws RequestRejectedException;

  /**
   * A resolver that trusts the query string, for hosts that authorize elsewhere (a filter, a
   * gateway) or for demos: the resource is the {@code resource} parameter, else the first {@code
   * room}; every {@code room} parameter is joined; the principal is {@link
   * HttpServletRequest#getUserPrincipal()}; the last event id is the {@code Last-Event-ID} header,
   * else the {@code lastEventId} parameter (for clients that cannot set headers). A missing
   * resource or an invalid name is refused with 400.
   *
   * @return the resolver
   */
  static ConnectionRequestResolver queryParameters() {
    return QueryParameterResolver.INSTANCE;
  }
}
