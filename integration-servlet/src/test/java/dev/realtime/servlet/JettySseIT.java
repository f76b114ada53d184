package dev.realtime.servlet;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The SSE contract on embedded Jetty 12 (ee10). */
class JettySseIT extends SseTransportContract {

  @Override
  protected RunningServer start(Map<String, HttpServlet> servletsByPath) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    connector.setAcceptQueueSize(2048);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    servletsByPath.forEach(
        (path, servlet) -> {
          ServletHolder holder = new ServletHolder(servlet);
          holder.setAsyncSupported(true);
          context.addServlet(holder, path);
        });
    server.setHandler(context);
    server.start();
    return RunningServer.of(connector::getLocalPort, server::stop);
  }
}
