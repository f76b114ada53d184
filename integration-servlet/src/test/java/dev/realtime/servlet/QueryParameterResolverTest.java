package dev.realtime.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.ConnectionRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryParameterResolverTest {
  private final ConnectionRequestResolver resolver = ConnectionRequestResolver.queryParameters();

  /**
   * A request answering only what the resolver reads; anything else fails loudly so the fake cannot
   * silently drift from what the resolver uses.
   */
  private static HttpServletRequest request(
      Map<String, List<String>> params, Map<String, String> headers, String principal) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            QueryParameterResolverTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getParameter" -> {
                    List<String> v = params.get((String) args[0]);
                    yield v == null ? null : v.get(0);
                  }
                  case "getParameterValues" -> {
                    List<String> v = params.get((String) args[0]);
                    yield v == null ? null : v.toArray(new String[0]);
                  }
                  case "getHeader" -> headers.get((String) args[0]);
                  case "getUserPrincipal" -> principal == null ? null : (Principal) () -> principal;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static HttpServletRequest params(Map<String, List<String>> params) {
    return request(params, Map.of(), null);
  }

  @Test
  void resourceParameterWithRoomsPrincipalAndLastEventIdHeader() throws Exception {
    ConnectionRequest r =
        resolver.resolve(
            request(
                Map.of("resource", List.of("doctor-123"), "room", List.of("waiting", "alerts")),
                Map.of("Last-Event-ID", "42"),
                "alice"));

    assertThat(r.resource()).isEqualTo("doctor-123");
    assertThat(r.rooms()).containsExactly("waiting", "alerts");
    assertThat(r.principal()).contains("alice");
    assertThat(r.lastEventId()).contains("42");
    assertThat(r.attributes()).isEmpty();
  }

  @Test
  void firstRoomIsTheResourceWhenNoResourceIsGiven() throws Exception {
    ConnectionRequest r = resolver.resolve(params(Map.of("room", List.of("lobby", "news"))));

    assertThat(r.resource()).isEqualTo("lobby");
    assertThat(r.rooms()).containsExactly("lobby", "news");
    assertThat(r.principal()).isEmpty();
    assertThat(r.lastEventId()).isEmpty();
  }

  @Test
  void lastEventIdQueryParameterIsTheFallbackForTheHeader() throws Exception {
    ConnectionRequest fromParam =
        resolver.resolve(params(Map.of("resource", List.of("r"), "lastEventId", List.of("7"))));
    ConnectionRequest headerWins =
        resolver.resolve(
            request(
                Map.of("resource", List.of("r"), "lastEventId", List.of("7")),
                Map.of("Last-Event-ID", "8"),
                null));

    assertThat(fromParam.lastEventId()).isEqualTo(Optional.of("7"));
    assertThat(headerWins.lastEventId()).isEqualTo(Optional.of("8"));
  }

  @Test
  void missingResourceAndRoomIsRefusedWith400NamingTheParameter() {
    assertThatThrownBy(() -> resolver.resolve(params(Map.of())))
        .isInstanceOfSatisfying(
            RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage("Missing query parameter: resource (or room)");
  }

  @Test
  void invalidNamesAreRefusedWith400CarryingTheValidationMessage() {
    assertThatThrownBy(() -> resolver.resolve(params(Map.of("resource", List.of("")))))
        .isInstanceOfSatisfying(
            RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("resource must be 1-255 characters");
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    params(Map.of("resource", List.of("r"), "room", List.of("a\u0001b")))))
        .isInstanceOfSatisfying(
            RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("room must not contain control characters");
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    params(Map.of("resource", List.of("r"), "lastEventId", List.of("a\nb")))))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessageContaining("lastEventId must not contain CR, LF or NUL");
  }

  @Test
  void rejectionStatusMustBeAnErrorStatus() {
    assertThatThrownBy(() -> new RequestRejectedException(302, "moved"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status must be between 400 and 599");
  }
}
